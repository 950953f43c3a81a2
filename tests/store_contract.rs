//! The Store contract: what every implementation must do. Run here against
//! sled; a PostgreSQL store runs the same functions.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use kefu::domain::conversation::{Conversation, Timer, TimerKind};
use kefu::domain::{Grade, Kind, NewTicket, Status, TicketId};
use kefu::nlu::Lang;
use kefu::store::{SledStore, Store, Waiting};

fn new_ticket(kind: Kind, customer: &str, minute: i64) -> NewTicket {
    NewTicket {
        kind,
        status: Status::Registered,
        severity: None,
        level: 1,
        customer: customer.into(),
        channel: "test".into(),
        grade: Grade::G1,
        lang: Lang::Zh,
        fields: Default::default(),
        missing: vec![],
        cues: vec![],
        severity_reasons: vec![],
        area: None,
        summary: "s".into(),
        created_at: Utc.with_ymd_and_hms(2026, 12, 7, 2, 0, 0).unwrap() + Duration::minutes(minute),
        deadlines: Default::default(),
        history: vec![],
    }
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

fn contract_numbering(s: &dyn Store) {
    let a = s.create_ticket(new_ticket(Kind::Complaint, "c:1", 0), day(7)).unwrap();
    let b = s.create_ticket(new_ticket(Kind::Complaint, "c:2", 1), day(7)).unwrap();
    let r = s.create_ticket(new_ticket(Kind::Repair, "c:1", 2), day(7)).unwrap();
    let next_day = s.create_ticket(new_ticket(Kind::Complaint, "c:1", 3), day(8)).unwrap();
    assert_eq!(a.id.0, "C-20261207-0001");
    assert_eq!(b.id.0, "C-20261207-0002");
    assert_eq!(r.id.0, "R-20261207-0001");
    assert_eq!(next_day.id.0, "C-20261208-0001");
    let mine: Vec<String> = s.customer_tickets("c:1").unwrap().into_iter().map(|t| t.id.0).collect();
    assert_eq!(mine, vec!["C-20261207-0001", "R-20261207-0001", "C-20261208-0001"]);
    assert_eq!(s.tickets().unwrap().len(), 4);
    // A customer id that is a prefix of another sees only their own.
    assert!(s.customer_tickets("c:").unwrap().is_empty());
}

fn contract_update(s: &dyn Store) {
    let t = s.create_ticket(new_ticket(Kind::Inquiry, "c:9", 0), day(7)).unwrap();
    let u = s.update_ticket(&t.id, &mut |t| t.owner = Some("ana".into())).unwrap();
    assert_eq!(u.owner.as_deref(), Some("ana"));
    assert_eq!(s.ticket(&t.id).unwrap().unwrap().owner.as_deref(), Some("ana"));
    assert!(s.update_ticket(&TicketId("C-19990101-0001".into()), &mut |_| {}).is_err());
    assert!(s.ticket(&TicketId("C-19990101-0001".into())).unwrap().is_none());
}

fn contract_inbound_and_conversations(s: &dyn Store) {
    assert!(!s.inbound_seen("tg", "42").unwrap());
    s.mark_inbound("tg", "42").unwrap();
    assert!(s.inbound_seen("tg", "42").unwrap());
    assert!(!s.inbound_seen("discord", "42").unwrap());
    let now = Utc::now();
    let c = Conversation::new("tg", "7", Lang::En, now);
    s.save_conversation(&c).unwrap();
    assert_eq!(s.conversation(&c.key).unwrap(), Some(c));
    assert_eq!(s.conversation("tg:8").unwrap(), None);
}

fn contract_timers_and_queue(s: &dyn Store) {
    let t0 = Utc.with_ymd_and_hms(2026, 12, 7, 2, 0, 0).unwrap();
    let timer = |m: i64, v: u64| Timer { at: t0 + Duration::minutes(m), what: TimerKind::IntakeRemind { conversation: "x".into(), version: v } };
    s.schedule(&timer(30, 2)).unwrap();
    s.schedule(&timer(10, 1)).unwrap();
    s.schedule(&timer(10, 1)).unwrap(); // the same timer twice is stored once
    assert_eq!(s.next_due().unwrap(), Some(t0 + Duration::minutes(10)));
    assert!(s.take_due(t0).unwrap().is_empty());
    let due = s.take_due(t0 + Duration::minutes(20)).unwrap();
    assert_eq!(due, vec![timer(10, 1)]);
    assert!(s.take_due(t0 + Duration::minutes(20)).unwrap().is_empty(), "a timer fires once");
    assert_eq!(s.next_due().unwrap(), Some(t0 + Duration::minutes(30)));

    let w = |id: &str, m: i64, p: u32| Waiting { ticket: TicketId(id.into()), since: t0 + Duration::minutes(m), base_priority: p, live: true };
    let ids = || s.waiting().unwrap().into_iter().map(|w| w.ticket.0).collect::<Vec<_>>();
    let pos = |id: &str| s.queue_position(&TicketId(id.into()), 100).unwrap();
    s.enqueue(w("Q-20261207-0002", 5, 100)).unwrap();
    s.enqueue(w("Q-20261207-0001", 1, 100)).unwrap();
    // Same priority: first come, first served.
    assert_eq!(ids(), vec!["Q-20261207-0001", "Q-20261207-0002"]);
    // An S3 (300) that arrived 150 minutes later still goes first: 300 > 100 + 150.
    s.enqueue(w("C-20261207-0001", 150, 300)).unwrap();
    // An S2 (200) that arrived 150 minutes later waits behind ones that waited longer: 200 < 100 + 149.
    s.enqueue(w("C-20261207-0002", 150, 200)).unwrap();
    assert_eq!(ids(), vec!["C-20261207-0001", "Q-20261207-0001", "Q-20261207-0002", "C-20261207-0002"]);
    assert_eq!(pos("C-20261207-0001"), Some(0));
    assert_eq!(pos("C-20261207-0002"), Some(3));
    assert_eq!(pos("Q-20261207-0009"), None);
    // Enqueueing again moves a ticket, it never appears twice.
    s.enqueue(w("C-20261207-0002", 150, 400)).unwrap();
    assert_eq!(pos("C-20261207-0002"), Some(0));
    assert_eq!(s.waiting().unwrap().len(), 4);
    assert!(s.dequeue(&TicketId("Q-20261207-0001".into())).unwrap());
    assert!(!s.dequeue(&TicketId("Q-20261207-0001".into())).unwrap());
    assert_eq!(s.waiting().unwrap().len(), 3);
    assert_eq!(pos("Q-20261207-0002"), Some(2));
    assert_eq!(s.queue_position(&TicketId("Q-20261207-0002".into()), 1).unwrap(), Some(1), "counting stops at the limit");
    // A registered ticket nobody is waiting on in the chat comes after every
    // live wait and is not counted in a live customer's position.
    s.enqueue(Waiting { live: false, ..w("C-20261207-0003", 0, 300) }).unwrap();
    assert_eq!(ids().last().map(String::as_str), Some("C-20261207-0003"));
    assert_eq!(pos("C-20261207-0003"), None);
    assert_eq!(s.queued(&TicketId("C-20261207-0003".into())).unwrap().map(|w| w.live), Some(false));
    assert_eq!(s.queued(&TicketId("Q-20261207-0001".into())).unwrap(), None);
    assert_eq!(pos("Q-20261207-0002"), Some(2));
}

#[test]
fn sled_store_meets_the_contract() {
    for f in [contract_numbering, contract_update, contract_inbound_and_conversations, contract_timers_and_queue] {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        f(&s);
    }
}

#[test]
fn numbering_and_data_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    {
        let s = SledStore::open(dir.path()).unwrap();
        s.create_ticket(new_ticket(Kind::Complaint, "c:1", 0), day(7)).unwrap();
        s.flush().unwrap();
    }
    let s = SledStore::open(dir.path()).unwrap();
    assert!(s.ticket(&TicketId("C-20261207-0001".into())).unwrap().is_some());
    let t = s.create_ticket(new_ticket(Kind::Complaint, "c:1", 1), day(7)).unwrap();
    assert_eq!(t.id.0, "C-20261207-0002", "numbers never restart or jump");
}

#[test]
fn ticket_numbers_are_unique_under_concurrency() {
    let dir = tempfile::tempdir().unwrap();
    let s = std::sync::Arc::new(SledStore::open(dir.path()).unwrap());
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let s = s.clone();
            std::thread::spawn(move || (0..25).map(|j| s.create_ticket(new_ticket(Kind::Repair, &format!("c:{i}"), j), day(7)).unwrap().id.0).collect::<Vec<_>>())
        })
        .collect();
    let mut all: Vec<String> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 100);
    assert_eq!(all.last().unwrap(), "R-20261207-0100");
}
