//! The engine through its public API: durability of acknowledgements,
//! de-duplication, bad input, languages.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use kefu::config::Config;
use kefu::domain::conversation::{Conversation, Timer};
use kefu::domain::{NewTicket, Ticket, TicketId};
use kefu::engine::{Engine, Inbound, Input, OutputKind, Press};
use kefu::nlu::Nlu;
use kefu::store::{self, SledStore, Store, Waiting};

fn at(h: u32, m: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai.with_ymd_and_hms(2026, 12, 7, h, m, 0).unwrap().with_timezone(&Utc)
}

fn say(user: &str, id: &str, text: &str) -> Input {
    Input::Customer(Inbound { channel: "test".into(), user: user.into(), msg_id: Some(id.into()), text: text.into() })
}

/// A store that logs the calls that matter for durability.
struct Logged {
    inner: SledStore,
    log: Arc<Mutex<Vec<&'static str>>>,
}

impl Store for Logged {
    fn create_ticket(&self, new: NewTicket, day: NaiveDate) -> store::Result<Ticket> {
        self.log.lock().unwrap().push("create");
        self.inner.create_ticket(new, day)
    }
    fn ticket(&self, id: &TicketId) -> store::Result<Option<Ticket>> {
        self.inner.ticket(id)
    }
    fn update_ticket(&self, id: &TicketId, f: &mut dyn FnMut(&mut Ticket)) -> store::Result<Ticket> {
        self.inner.update_ticket(id, f)
    }
    fn tickets(&self) -> store::Result<Vec<Ticket>> {
        self.inner.tickets()
    }
    fn customer_tickets(&self, c: &str) -> store::Result<Vec<Ticket>> {
        self.inner.customer_tickets(c)
    }
    fn inbound_seen(&self, ch: &str, id: &str) -> store::Result<bool> {
        self.inner.inbound_seen(ch, id)
    }
    fn mark_inbound(&self, ch: &str, id: &str) -> store::Result<()> {
        self.log.lock().unwrap().push("mark");
        self.inner.mark_inbound(ch, id)
    }
    fn conversation(&self, k: &str) -> store::Result<Option<Conversation>> {
        self.inner.conversation(k)
    }
    fn save_conversation(&self, c: &Conversation) -> store::Result<()> {
        self.inner.save_conversation(c)
    }
    fn enqueue(&self, w: Waiting) -> store::Result<()> {
        self.inner.enqueue(w)
    }
    fn dequeue(&self, id: &TicketId) -> store::Result<bool> {
        self.inner.dequeue(id)
    }
    fn waiting(&self) -> store::Result<Vec<Waiting>> {
        self.inner.waiting()
    }
    fn queued(&self, id: &TicketId) -> store::Result<Option<Waiting>> {
        self.inner.queued(id)
    }
    fn queue_position(&self, id: &TicketId, limit: usize) -> store::Result<Option<usize>> {
        self.inner.queue_position(id, limit)
    }
    fn schedule(&self, t: &Timer) -> store::Result<()> {
        self.inner.schedule(t)
    }
    fn take_due(&self, now: DateTime<Utc>) -> store::Result<Vec<Timer>> {
        self.inner.take_due(now)
    }
    fn next_due(&self) -> store::Result<Option<DateTime<Utc>>> {
        self.inner.next_due()
    }
    fn flush(&self) -> store::Result<()> {
        self.log.lock().unwrap().push("flush");
        self.inner.flush()
    }
}

fn engine_in(dir: &std::path::Path) -> Engine {
    Engine::new(Config::embedded(), Nlu::embedded(), Box::new(SledStore::open(dir).unwrap()))
}

#[test]
fn the_acknowledgement_comes_after_the_flush() {
    let dir = tempfile::tempdir().unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let store = Logged { inner: SledStore::open(dir.path()).unwrap(), log: log.clone() };
    let e = Engine::new(Config::embedded(), Nlu::embedded(), Box::new(store));
    let outs = e.handle(say("u1", "1", "转人工"), at(10, 0)).unwrap();
    assert!(outs.iter().any(|o| o.kind == OutputKind::Ack));
    let log = log.lock().unwrap().clone();
    let created = log.iter().position(|x| *x == "create").expect("a ticket was created");
    let marked = log.iter().position(|x| *x == "mark").expect("the message was marked");
    let flushed = log.iter().rposition(|x| *x == "flush").expect("flushed");
    assert!(created < marked && marked < flushed, "order was {log:?}");
}

#[test]
fn an_acknowledged_ticket_survives_a_kill() {
    // A real process, killed with SIGKILL right after it printed the ack.
    use std::io::{BufRead, BufReader, Write};
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kefu"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["chat", "--data"])
        .arg(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.as_mut().unwrap().write_all("转人工\n".as_bytes()).unwrap();
    let mut ticket = None;
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if line.starts_with("[ack") {
            ticket = line.split(['(', ')']).nth(1).map(str::to_string);
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let id = ticket.expect("an ack was printed");
    let s = SledStore::open(dir.path()).unwrap();
    assert!(s.ticket(&TicketId(id.clone())).unwrap().is_some(), "{id} lost after the kill");
}

#[test]
fn the_same_delivery_twice_has_effect_once() {
    let dir = tempfile::tempdir().unwrap();
    let e = engine_in(dir.path());
    let first = e.handle(say("u1", "7", "I want to talk to a human"), at(10, 0)).unwrap();
    assert!(!first.is_empty());
    assert!(e.handle(say("u1", "7", "I want to talk to a human"), at(10, 1)).unwrap().is_empty());
    let press = Press { channel: "test".into(), user: "u1".into(), msg_id: Some("7".into()), value: "human".into(), agent: false };
    assert!(e.handle(Input::Button(press), at(10, 2)).unwrap().is_empty(), "an id is an id, whatever it carries");
    assert_eq!(e.store().tickets().unwrap().len(), 1);
}

/// Deterministic pseudo-random strings over awkward characters.
fn nasty_strings() -> Vec<String> {
    let pools: &[&str] = &[
        "\0\u{1}\u{7f}\u{9b}\r\n\t", "😀🔥💔👍🏽‍", "<script>&amp;**_`[](){}|\\", "\u{200b}\u{200d}\u{202e}\u{feff}", "投诉报修咨询人工取消",
        "0123456789-+#", "abcXYZ ", "ＡＢＣ１２３，。！", "مرحبا שלום", "\u{0301}\u{0308}",
    ];
    let mut seed: u64 = 0x2545F4914F6CDD1D;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut out = vec![
        String::new(),
        " ".into(),
        "\u{0}".into(),
        "😀".repeat(3),
        "a".repeat(100 * 1024),
        "投".repeat(50 * 1024),
        "<b>unclosed".into(),
        "**".into(),
        "1".into(),
        "99999999999999999999999".into(),
        "C-99999999-9999".into(),
    ];
    for _ in 0..1500 {
        let len = (next() % 40) as usize;
        let mut s = String::new();
        for _ in 0..len {
            let pool: Vec<char> = pools[(next() % pools.len() as u64) as usize].chars().collect();
            s.push(pool[(next() % pool.len() as u64) as usize]);
        }
        out.push(s);
    }
    out
}

#[test]
fn bad_input_gets_a_reply_and_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let e = engine_in(dir.path());
    // Something stored first, to check nothing is lost.
    e.handle(say("keeper", "k", "转人工"), at(9, 0)).unwrap();
    for (i, s) in nasty_strings().iter().enumerate() {
        let user = format!("u{}", i % 7); // conversations in every state
        let outs = e.handle(say(&user, &i.to_string(), s), at(10, 0)).unwrap();
        assert!(!outs.is_empty(), "no reply to {s:?}");
        assert!(outs.iter().all(|o| !o.text.trim().is_empty()), "empty text replying to {s:?}");
        if i % 5 == 0 {
            let press = Press { channel: "test".into(), user: user.clone(), msg_id: Some(format!("p{i}")), value: s.clone(), agent: i % 2 == 0 };
            e.handle(Input::Button(press), at(10, 0)).unwrap();
            e.handle(Input::Agent(Inbound { channel: "test".into(), user: "ana".into(), msg_id: None, text: s.clone() }), at(10, 0)).unwrap();
        }
    }
    let long = e.handle(say("big", "big", &"a".repeat(100 * 1024)), at(10, 0)).unwrap();
    assert_eq!(long[0].kind, OutputKind::Error);
    assert!(long[0].text.contains("4000"), "{}", long[0].text);
    assert!(e.store().tickets().unwrap().iter().any(|t| t.customer == "test:keeper"));
}

#[test]
fn replies_follow_the_customers_language() {
    let dir = tempfile::tempdir().unwrap();
    let e = engine_in(dir.path());
    let zh = e.handle(say("z", "1", "你好"), at(10, 0)).unwrap();
    assert!(zh[0].text.contains("您好"), "{}", zh[0].text);
    let en = e.handle(say("e", "2", "hello there"), at(10, 0)).unwrap();
    assert!(en[0].text.starts_with("Hello"), "{}", en[0].text);
    // Digits alone do not switch the language of a conversation.
    let still_zh = e.handle(say("z", "3", "12345"), at(10, 0)).unwrap();
    assert!(still_zh[0].text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}", still_zh[0].text);
}

#[test]
fn only_configured_agents_act_as_agents() {
    let dir = tempfile::tempdir().unwrap();
    let e = engine_in(dir.path());
    let outs = e.handle(Input::Agent(Inbound { channel: "test".into(), user: "mallory".into(), msg_id: None, text: "/queue".into() }), at(10, 0)).unwrap();
    assert_eq!(outs[0].kind, OutputKind::Error);
    let outs = e.handle(Input::Agent(Inbound { channel: "test".into(), user: "ana".into(), msg_id: None, text: "/queue".into() }), at(10, 0)).unwrap();
    assert_eq!(outs[0].kind, OutputKind::Info);
}
