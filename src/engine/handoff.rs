//! Handing a customer to a person: the queue, its cards, the after-hours
//! notice, what a waiting customer is told, and the agents' read-only
//! commands. Claiming, relaying and resolving build on this (ROADMAP
//! "Agents in chat").

use chrono::{DateTime, Utc};

use super::{reply, Engine, OutputKind, Output, Party, Result, Turn};
use crate::config::fill;
use crate::domain::conversation::{Button, Conversation, Draft, Step, Timer, TimerKind};
use crate::domain::{Kind, Status, Ticket, TicketId};
use crate::nlu::{Act, Lang, Understanding};

/// Queue positions are counted up to this many; beyond it the customer
/// reads "100+ ahead".
pub const QUEUE_COUNT_LIMIT: usize = 100;

impl Engine {
    /// The customer wants a person (asked for one, or the bot could not help).
    pub(super) fn hand_over(&self, conv: &mut Conversation, text: &str, now: DateTime<Utc>, turn: &mut Turn) -> Result<()> {
        conv.pending.clear();
        let ticket = match (conv.step.clone(), self.recent_open_ticket(conv, now)?) {
            (Step::Queued { ticket }, _) => ticket,
            (Step::Intake(d), _) if d.kind != Kind::Inquiry => {
                // Keep what was collected: the agent asks for the rest.
                let missing = self.missing(&d);
                self.register(conv, d, missing, true, now, turn)?
            }
            // "转人工" right after a complaint was registered: a person for that ticket, not a new one.
            (_, Some(id)) => {
                // The agents must see that this customer is now waiting in the chat.
                let t = self.note(&id, "waiting_live", &conv.key, now)?;
                turn.durable = true;
                turn.push(self.card(&t));
                id
            }
            (_, None) => {
                let question = if text.trim().is_empty() { self.t(conv.lang, "choice_human", &[]) } else { text.to_string() };
                let mut d = Draft::new(Kind::Inquiry, Default::default(), now);
                d.text = question.clone();
                d.fields.insert("question".into(), question);
                self.register(conv, d, Vec::new(), true, now, turn)?
            }
        };
        conv.step = Step::Queued { ticket: ticket.clone() };
        self.set_live(&ticket, true)?;
        self.tell_position(conv, &ticket, now, turn)?;
        if self.cal.is_open(now) {
            let what = TimerKind::QueueUpdate { conversation: conv.key.clone(), ticket, since: now };
            self.store.schedule(&Timer { at: self.cal.add(now, self.cfg.inquiry.queue_update_every), what })?;
        }
        Ok(())
    }

    /// A queue-update timer: the position again, or after
    /// `inquiry.offer_message_after` the offer to leave a message (once; the
    /// updates stop there).
    pub(super) fn queue_update(&self, key: &str, ticket: &TicketId, since: DateTime<Utc>, now: DateTime<Utc>, turn: &mut Turn) -> Result<()> {
        let Some(mut conv) = self.store.conversation(key)? else { return Ok(()) };
        let still_waiting = matches!(&conv.step, Step::Queued { ticket: t } if t == ticket)
            && self.store.queued(ticket)?.is_some_and(|w| w.live)
            && self.cal.is_open(now);
        if !still_waiting {
            return Ok(());
        }
        let l = conv.lang;
        if now - since >= chrono::Duration::seconds(self.cfg.inquiry.offer_message_after.secs) {
            let buttons = vec![Button::new(self.t(l, "leave_message_button", &[]), "leave_message")];
            conv.pending = buttons.clone();
            self.store.save_conversation(&conv)?;
            let msg = self.t(l, "queue_offer", &[]);
            turn.push(self.to_customer(&conv, OutputKind::Queued, Some(ticket.clone()), msg, buttons));
            return Ok(());
        }
        self.tell_position(&mut conv, ticket, now, turn)?;
        let what = TimerKind::QueueUpdate { conversation: key.to_string(), ticket: ticket.clone(), since };
        self.store.schedule(&Timer { at: self.cal.add(now, self.cfg.inquiry.queue_update_every), what })?;
        Ok(())
    }

    /// "Leave a message" instead of waiting: the ticket stays for the
    /// agents, the live wait ends.
    pub(super) fn leave_message(&self, conv: &mut Conversation, ticket: &TicketId, now: DateTime<Utc>, turn: &mut Turn) -> Result<()> {
        self.set_live(ticket, false)?;
        self.note(ticket, "left_message", &conv.key, now)?;
        conv.step = Step::Idle;
        let msg = self.t(conv.lang, "left_message", &[("ticket", &ticket.0)]);
        turn.push(self.to_customer(conv, OutputKind::Reply, Some(ticket.clone()), msg, vec![]));
        Ok(())
    }

    /// The customer's latest ticket if still open and registered within the
    /// intake expiry window (a day by default).
    fn recent_open_ticket(&self, conv: &Conversation, now: DateTime<Utc>) -> Result<Option<TicketId>> {
        let Some(id) = conv.tickets.last() else { return Ok(None) };
        let window = chrono::Duration::seconds(self.cfg.intake.expire_after.secs);
        Ok(self.store.ticket(id)?.filter(|t| t.is_open() && now - t.created_at <= window).map(|t| t.id))
    }

    /// Append a history event to a stored ticket.
    fn note(&self, id: &TicketId, event: &str, by: &str, now: DateTime<Utc>) -> Result<Ticket> {
        Ok(self.store.update_ticket(id, &mut |t| t.record(now, event, by, None))?)
    }

    /// Mark a queued ticket as waiting live in the chat (or not any more).
    fn set_live(&self, id: &TicketId, live: bool) -> Result<()> {
        if let Some(mut w) = self.store.queued(id)? {
            if w.live != live {
                w.live = live;
                self.store.enqueue(w)?;
            }
        }
        Ok(())
    }

    /// Queue position, or the after-hours notice (once per conversation).
    fn tell_position(&self, conv: &mut Conversation, ticket: &TicketId, now: DateTime<Utc>, turn: &mut Turn) -> Result<()> {
        let l = conv.lang;
        let urgent = self.store.ticket(ticket)?.filter(|t| t.severity == Some(crate::domain::Severity::S3));
        if let (false, Some(t)) = (self.cal.is_open(now), urgent) {
            // S3 is answered around the clock (§3.2): the promise stays the ticket's own.
            let due = t.deadlines.get("first_response").map(|d| reply::when(*d, self.cfg.tz(), l)).unwrap_or_default();
            let msg = self.t(l, "urgent_after_hours", &[("ticket", &ticket.0), ("time", &due)]);
            turn.push(self.to_customer(conv, OutputKind::Queued, Some(ticket.clone()), msg, vec![]));
            return Ok(());
        }
        if !self.cal.is_open(now) && !conv.after_hours_notified {
            conv.after_hours_notified = true;
            let hours = self.cal.hours_text(l);
            let msg = self.t(l, "after_hours", &[("hours", &hours), ("ticket", &ticket.0), ("emergency", &self.cfg.general.emergency)]);
            turn.push(self.to_customer(conv, OutputKind::AfterHours, Some(ticket.clone()), msg, vec![]));
            return Ok(());
        }
        if !self.cal.is_open(now) {
            // No "about 3 minutes" when nobody is there until morning.
            let hours = self.cal.hours_text(l);
            let msg = self.t(l, "queued_closed", &[("hours", &hours), ("ticket", &ticket.0)]);
            turn.push(self.to_customer(conv, OutputKind::Queued, Some(ticket.clone()), msg, vec![]));
            return Ok(());
        }
        let ahead = self.queue_ahead(ticket)?;
        let minutes = ((ahead + 1) as u32 * self.cfg.inquiry.minutes_per_waiting).to_string();
        let n = if ahead >= QUEUE_COUNT_LIMIT { format!("{QUEUE_COUNT_LIMIT}+") } else { ahead.to_string() };
        let msg = self.t(l, "queued", &[("n", &n), ("minutes", &minutes)]);
        turn.push(self.to_customer(conv, OutputKind::Queued, Some(ticket.clone()), msg, vec![]));
        Ok(())
    }

    /// How many waiting customers an agent would take before this one, up
    /// to [`QUEUE_COUNT_LIMIT`].
    fn queue_ahead(&self, ticket: &TicketId) -> Result<usize> {
        Ok(self.store.queue_position(ticket, QUEUE_COUNT_LIMIT)?.unwrap_or(0))
    }

    /// A customer writing while they wait: the words go on the ticket for
    /// the agent who takes it, details fill fields still missing, and
    /// "cancel" leaves the queue.
    pub(super) fn while_queued(&self, conv: &mut Conversation, ticket: &TicketId, text: &str, u: &Understanding, now: DateTime<Utc>, turn: &mut Turn) -> Result<()> {
        let by = conv.key.clone();
        let l = conv.lang;
        if u.act == Some(Act::Cancel) {
            let t = self.store.ticket(ticket)?;
            let msg = match t {
                Some(t) if t.kind == Kind::Inquiry && t.status == Status::WaitingAgent => {
                    self.store.dequeue(&t.id)?;
                    self.store.update_ticket(&t.id, &mut |t| {
                        let _ = t.transition(Status::Abandoned, &by, now);
                    })?;
                    self.t(l, "cancelled", &[])
                }
                _ => {
                    // A registered complaint or repair is still handled; only the live wait ends.
                    self.set_live(ticket, false)?;
                    self.note(ticket, "left_queue", &by, now)?;
                    self.t(l, "left_queue", &[("ticket", &ticket.0)])
                }
            };
            conv.step = Step::Idle;
            turn.push(self.to_customer(conv, OutputKind::Cancelled, Some(ticket.clone()), msg, vec![]));
            return Ok(());
        }
        let stored = text.to_string();
        let mut filled = Vec::new();
        if let Some(t) = self.store.ticket(ticket)? {
            // Details the agent would otherwise ask for ("我叫李波") go into the ticket's fields.
            let mut d = Draft::new(t.kind, t.fields.clone(), now);
            self.fill_from_entities(&mut d, text, u);
            // Missing fields, and contact details on any ticket (a later case reuses them).
            filled = t
                .missing
                .iter()
                .map(String::as_str)
                .chain(["name", "phone"])
                .filter(|f| d.fields.contains_key(*f) && !t.fields.contains_key(*f))
                .map(str::to_string)
                .collect();
            let fields = d.fields;
            self.store.update_ticket(ticket, &mut |t| {
                t.record(now, "customer_message", &by, Some(stored.clone()));
                for f in &filled {
                    if let Some(v) = fields.get(f) {
                        t.fields.insert(f.clone(), v.clone());
                        t.record(now, &format!("field:{f}"), &by, None);
                    }
                }
                t.missing.retain(|m| !filled.contains(m));
            })?;
        }
        for f in &filled {
            let name = self.cfg.field_name(f, l);
            turn.push(self.to_customer(conv, OutputKind::Reply, Some(ticket.clone()), self.t(l, "noted", &[("field", &name)]), vec![]));
        }
        self.tell_position(conv, ticket, now, turn)
    }

    /// An inquiry waiting for a person becomes a complaint or repair: it
    /// leaves the queue as CONVERTED (PROCEDURES §2.3).
    pub(super) fn convert_waiting(&self, ticket: &TicketId, by: &str, now: DateTime<Utc>) -> Result<()> {
        if let Some(t) = self.store.ticket(ticket)? {
            if t.kind == Kind::Inquiry && t.status == Status::WaitingAgent {
                self.store.dequeue(ticket)?;
                self.store.update_ticket(ticket, &mut |t| {
                    let _ = t.transition(Status::Converted, by, now);
                })?;
            }
        }
        Ok(())
    }

    /// "Where is my ticket?" — only the customer's own tickets are shown.
    pub(super) fn ticket_status(&self, conv: &mut Conversation, id: &TicketId, turn: &mut Turn) -> Result<()> {
        let l = conv.lang;
        let msg = match self.store.ticket(id)? {
            Some(t) if t.customer == conv.key => {
                let owner = t.owner.as_ref().map(|o| self.t(l, "status_owner", &[("agent", o)])).unwrap_or_default();
                let kind = self.kind_name(t.kind, l);
                self.t(l, "ticket_status", &[("ticket", &t.id.0), ("kind", &kind), ("status", &status_name(t.status, l)), ("owner", &owner)])
            }
            _ => self.t(l, "ticket_not_found", &[("ticket", &id.0)]),
        };
        turn.push(self.to_customer(conv, OutputKind::Status, Some(id.clone()), msg, vec![]));
        Ok(())
    }

    /// The card posted to the agents' queue.
    pub(super) fn card(&self, t: &Ticket) -> Output {
        let l = self.cfg.general.default_lang.0;
        let who = t.fields.get("name").cloned().unwrap_or_else(|| t.customer.clone());
        let severity = t.severity.map(|s| s.to_string()).unwrap_or_else(|| "-".into());
        let deadline_key = match t.kind {
            Kind::Repair => "contact",
            _ => "first_response",
        };
        let deadline = t.deadlines.get(deadline_key).map(|d| reply::when(*d, self.cfg.tz(), l)).unwrap_or_default();
        let mut text = self.t(
            l,
            "card",
            &[
                ("ticket", &t.id.0),
                ("kind", &self.kind_name(t.kind, l)),
                ("severity", &severity),
                ("level", &t.level.to_string()),
                ("customer", &who),
                ("summary", &t.summary),
                ("deadline", &deadline),
            ],
        );
        if !t.missing.is_empty() {
            let names: Vec<String> = t.missing.iter().map(|f| self.cfg.field_name(f, l)).collect();
            text.push('\n');
            text.push_str(&self.t(l, "card_missing", &[("fields", &names.join(", "))]));
        }
        Output { to: Party::Queue, kind: OutputKind::Card, ticket: Some(t.id.clone()), text, buttons: vec![] }
    }

    /// An agent's message: only configured agents may act.
    pub(super) fn on_agent(&self, name: &str, text: &str, turn: &mut Turn) -> Result<()> {
        let to = Party::Agent(name.to_string());
        let Some(agent) = self.cfg.agent(name) else {
            let l = self.cfg.general.default_lang.0;
            turn.push(Output { to, kind: OutputKind::Error, ticket: None, text: self.t(l, "not_an_agent", &[]), buttons: vec![] });
            return Ok(());
        };
        let l = agent.lang.map(|x| x.0).unwrap_or(self.cfg.general.default_lang.0);
        let mut words = text.split_whitespace();
        let cmd = words.next().unwrap_or("").trim_start_matches('/').to_lowercase();
        let arg = words.next();
        match (cmd.as_str(), arg) {
            ("queue", _) => {
                let w = self.store.waiting()?;
                let text = if w.is_empty() {
                    self.t(l, "agent_queue_empty", &[])
                } else {
                    let mut lines = Vec::new();
                    for x in &w {
                        if let Some(t) = self.store.ticket(&x.ticket)? {
                            let sev = t.severity.map(|s| s.to_string()).unwrap_or_else(|| "-".into());
                            // ● = the customer is waiting in the chat now.
                            let live = if x.live { "● " } else { "" };
                            lines.push(format!("{live}{} {} {} L{} {}", t.id, t.kind.as_str(), sev, t.level, t.summary));
                        }
                    }
                    self.t(l, "agent_queue", &[("n", &w.len().to_string()), ("list", &lines.join("\n"))])
                };
                turn.push(Output { to, kind: OutputKind::Info, ticket: None, text, buttons: vec![] });
            }
            ("ticket", Some(id)) => {
                let id = TicketId::parse(id);
                match id.as_ref().map(|i| self.store.ticket(i)).transpose()?.flatten() {
                    Some(t) => {
                        let text = ticket_details(&t, self.cfg.tz());
                        turn.push(Output { to, kind: OutputKind::Info, ticket: Some(t.id), text, buttons: vec![] });
                    }
                    None => {
                        let shown = arg.unwrap_or_default();
                        let msg = fill(&self.t(l, "ticket_not_found", &[]), &[("ticket", shown)]);
                        turn.push(Output { to, kind: OutputKind::Error, ticket: None, text: msg, buttons: vec![] });
                    }
                }
            }
            ("ticket", None) => {
                let msg = self.t(l, "agent_unknown_command", &[]);
                turn.push(Output { to, kind: OutputKind::Error, ticket: None, text: msg, buttons: vec![] });
            }
            _ => {
                let msg = self.t(l, "agent_unknown_command", &[]);
                turn.push(Output { to, kind: OutputKind::Error, ticket: None, text: msg, buttons: vec![] });
            }
        }
        Ok(())
    }
}

/// A ticket as an agent reads it: every field and the history, times in
/// the configured time zone.
pub fn ticket_details(t: &Ticket, tz: chrono_tz::Tz) -> String {
    let local = |d: &DateTime<Utc>| d.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S %:z").to_string();
    let mut s = format!(
        "{} {} {} severity {} level L{} grade {:?} owner {}\ncustomer {} channel {}\n",
        t.id,
        t.kind.as_str(),
        t.status.as_str(),
        t.severity.map(|s| s.to_string()).unwrap_or_else(|| "-".into()),
        t.level,
        t.grade,
        t.owner.as_deref().unwrap_or("-"),
        t.customer,
        t.channel
    );
    for (k, v) in &t.fields {
        s.push_str(&format!("  {k}: {v}\n"));
    }
    if !t.missing.is_empty() {
        s.push_str(&format!("  missing: {}\n", t.missing.join(", ")));
    }
    for (k, v) in &t.deadlines {
        s.push_str(&format!("  due {k}: {}\n", local(v)));
    }
    for e in &t.history {
        s.push_str(&format!("  {} {} by {}{}\n", local(&e.at), e.event, e.by, e.detail.as_ref().map(|d| format!(" — {d}")).unwrap_or_default()));
    }
    s
}

fn status_name(s: Status, l: Lang) -> String {
    if l == Lang::En {
        return s.as_str().to_lowercase().replace('_', " ");
    }
    match s {
        Status::Registered => "已登记",
        Status::WaitingAgent => "等待人工",
        Status::Assigned => "已分配",
        Status::Investigating | Status::WithAgent => "处理中",
        Status::Resolved | Status::Answered | Status::Repaired => "已处理",
        Status::Closed => "已结案",
        Status::Dispatched => "已派工",
        Status::Appointed => "已预约",
        Status::Abandoned | Status::Cancelled | Status::Withdrawn => "已取消",
        _ => s.as_str(),
    }
    .to_string()
}
