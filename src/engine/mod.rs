//! The sans-IO core. An [`Input`] and the current time go in, the
//! [`Output`]s to send come out; the engine reads and writes the [`Store`]
//! and never touches a socket or a clock. Channel adapters (terminal,
//! `kefu sim`, replay, later Telegram and Discord) are loops around
//! [`Engine::handle`].
//!
//! Invariants:
//! * An output that promises something (an acknowledgement with a ticket
//!   number) is returned only after the store was flushed.
//! * The same inbound message (channel + message id) has effect once.
//! * Messages of one conversation are handled one at a time (the caller's
//!   duty: one adapter loop per process, or a per-conversation queue).
//!
//! Module map: `intake` fills a ticket's form from the customer's words and
//! registers it; `handoff` queues tickets for people and serves agents;
//! `reply` holds the small helpers that phrase outputs.

mod handoff;
pub use handoff::ticket_details;
mod intake;
mod reply;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::config::Config;
use crate::domain::calendar::Calendar;
use crate::domain::conversation::{self, Button, Conversation, Step, Timer, TimerKind};
use crate::domain::{Grade, TicketId};
use crate::kb::Kb;
use crate::nlu::{Act, Cue, Intent, Lang, Nlu, Understanding};
use crate::store::{Store, StoreError};

/// A message from a customer or an agent, as a channel reports it.
#[derive(Clone, Debug)]
pub struct Inbound {
    /// Channel name: `console`, `sim`, `telegram`, ...
    pub channel: String,
    /// The sender's id within the channel (for agents: the configured agent name).
    pub user: String,
    /// The platform's message id, for de-duplication; `None` if it has none.
    pub msg_id: Option<String>,
    pub text: String,
}

/// A button press.
#[derive(Clone, Debug)]
pub struct Press {
    pub channel: String,
    pub user: String,
    pub msg_id: Option<String>,
    pub value: String,
    /// Pressed by an agent (in the agents' chat) rather than a customer.
    pub agent: bool,
}

#[derive(Clone, Debug)]
pub enum Input {
    Customer(Inbound),
    Agent(Inbound),
    Button(Press),
    /// Time passed: fire whatever timers are due.
    Tick,
}

/// Who an output is for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Party {
    Customer { channel: String, user: String },
    Agent(String),
    /// The agents' shared queue (a group chat, a channel).
    Queue,
}

impl Party {
    pub fn role(&self) -> &'static str {
        match self {
            Party::Customer { .. } => "customer",
            Party::Agent(_) => "agent",
            Party::Queue => "queue",
        }
    }
    pub fn name(&self) -> &str {
        match self {
            Party::Customer { user, .. } => user,
            Party::Agent(a) => a,
            Party::Queue => "queue",
        }
    }
}

/// A stable, machine-readable name for what an output is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputKind {
    /// Ticket registered; carries the number and the time promise.
    Ack,
    /// A question: a missing field or a clarification.
    Ask,
    /// A knowledge-base answer.
    Answer,
    /// Candidate knowledge-base articles to choose from.
    Suggest,
    /// Small talk, thanks, "did not help", and other plain replies.
    Reply,
    /// A ticket posted to the agents' queue.
    Card,
    /// Handed over to a person: position in the queue.
    Queued,
    /// The after-hours notice.
    AfterHours,
    /// An intake cancelled by the customer.
    Cancelled,
    /// A reminder to a customer who went quiet.
    Remind,
    /// An abandoned intake dropped.
    Expired,
    /// A ticket's status, asked for by its customer.
    Status,
    /// Information for an agent (queue listing, ticket details).
    Info,
    /// A command or input refused.
    Error,
}

impl OutputKind {
    pub fn as_str(self) -> &'static str {
        use OutputKind::*;
        match self {
            Ack => "ack",
            Ask => "ask",
            Answer => "answer",
            Suggest => "suggest",
            Reply => "reply",
            Card => "card",
            Queued => "queued",
            AfterHours => "after_hours",
            Cancelled => "cancelled",
            Remind => "remind",
            Expired => "expired",
            Status => "status",
            Info => "info",
            Error => "error",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    pub to: Party,
    pub kind: OutputKind,
    pub ticket: Option<TicketId>,
    pub text: String,
    pub buttons: Vec<Button>,
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub type Result<T> = std::result::Result<T, EngineError>;

/// The longest message kefu reads; longer ones get a "please shorten" reply.
pub const MAX_MESSAGE_CHARS: usize = 4000;

pub struct Engine {
    cfg: Config,
    nlu: Nlu,
    kb: Kb,
    cal: Calendar,
    store: Box<dyn Store>,
    grades: HashMap<String, Grade>,
}

/// Per-call scratch: outputs so far and whether a flush is owed.
struct Turn {
    out: Vec<Output>,
    durable: bool,
}

impl Turn {
    fn push(&mut self, o: Output) {
        self.out.push(o);
    }
}

impl Engine {
    pub fn new(cfg: Config, nlu: Nlu, store: Box<dyn Store>) -> Engine {
        let kb = Kb::new(&cfg.articles);
        let cal = Calendar::new(cfg.tz(), &cfg.calendar);
        let grades = cfg.customers.iter().map(|c| (c.id.clone(), c.grade)).collect();
        Engine { cfg, nlu, kb, cal, store, grades }
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }
    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }
    pub fn nlu(&self) -> &Nlu {
        &self.nlu
    }

    /// The earliest time a [`Input::Tick`] has something to do.
    pub fn next_due(&self) -> Result<Option<DateTime<Utc>>> {
        Ok(self.store.next_due()?)
    }

    /// Handle one input at `now`.
    pub fn handle(&self, input: Input, now: DateTime<Utc>) -> Result<Vec<Output>> {
        let mut turn = Turn { out: Vec::new(), durable: false };
        self.dispatch(input, now, &mut turn)?;
        if turn.durable {
            self.store.flush()?;
        }
        Ok(turn.out)
    }

    /// Handle several inputs with one flush at the end (group commit): what
    /// a busy adapter or `kefu replay` uses. Outputs come back per input and
    /// only after everything is durable.
    pub fn handle_batch(&self, inputs: Vec<(Input, DateTime<Utc>)>) -> Result<Vec<Vec<Output>>> {
        let mut all = Vec::with_capacity(inputs.len());
        let mut durable = false;
        for (input, now) in inputs {
            let mut turn = Turn { out: Vec::new(), durable: false };
            self.dispatch(input, now, &mut turn)?;
            durable |= turn.durable;
            all.push(turn.out);
        }
        if durable {
            self.store.flush()?;
        }
        Ok(all)
    }

    fn dispatch(&self, input: Input, now: DateTime<Utc>, turn: &mut Turn) -> Result<()> {
        match input {
            Input::Tick => self.on_tick(now, turn),
            Input::Customer(m) => {
                if self.duplicate(&m.channel, m.msg_id.as_deref())? {
                    return Ok(());
                }
                self.on_customer(&m.channel, &m.user, &m.text, now, turn)?;
                self.mark(&m.channel, m.msg_id.as_deref(), turn)
            }
            Input::Agent(m) => {
                if self.duplicate(&m.channel, m.msg_id.as_deref())? {
                    return Ok(());
                }
                self.on_agent(&m.user, &m.text, turn)?;
                self.mark(&m.channel, m.msg_id.as_deref(), turn)
            }
            Input::Button(p) => {
                if self.duplicate(&p.channel, p.msg_id.as_deref())? {
                    return Ok(());
                }
                if p.agent {
                    self.on_agent(&p.user, &p.value, turn)?;
                } else {
                    let mut conv = self.load(&p.channel, &p.user, None, now)?;
                    conv.version += 1;
                    conv.last_seen = now;
                    self.on_button(&mut conv, &p.value, now, turn)?;
                    self.save(&conv)?;
                }
                self.mark(&p.channel, p.msg_id.as_deref(), turn)
            }
        }
    }

    fn duplicate(&self, channel: &str, msg_id: Option<&str>) -> Result<bool> {
        Ok(match msg_id {
            Some(id) => self.store.inbound_seen(channel, id)?,
            None => false,
        })
    }

    fn mark(&self, channel: &str, msg_id: Option<&str>, turn: &mut Turn) -> Result<()> {
        if let Some(id) = msg_id {
            self.store.mark_inbound(channel, id)?;
            turn.durable = true;
        }
        Ok(())
    }

    fn load(&self, channel: &str, user: &str, text: Option<&str>, now: DateTime<Utc>) -> Result<Conversation> {
        let key = conversation::key(channel, user);
        Ok(match self.store.conversation(&key)? {
            Some(c) => c,
            None => {
                let lang = text.and_then(|t| lang_signal(t, None)).unwrap_or(self.cfg.general.default_lang.0);
                Conversation::new(channel, user, lang, now)
            }
        })
    }

    /// Persist the conversation after a customer input (and keep an open
    /// form's timers current).
    fn save(&self, conv: &Conversation) -> Result<()> {
        self.store.save_conversation(conv)?;
        self.arm_intake_timers(conv, conv.last_seen)
    }

    fn grade(&self, customer: &str) -> Grade {
        self.grades.get(customer).copied().unwrap_or_default()
    }

    fn on_customer(&self, channel: &str, user: &str, raw: &str, now: DateTime<Utc>, turn: &mut Turn) -> Result<()> {
        let mut conv = self.load(channel, user, Some(raw), now)?;
        conv.version += 1;
        conv.last_seen = now;
        // Conversations are persisted after every message (restart resumes
        // mid-dialogue); that write is made durable with this turn.
        turn.durable = true;
        let text: String = raw.chars().filter(|c| !c.is_control() || *c == '\n').collect();
        let text = text.trim();
        if text.chars().count() > MAX_MESSAGE_CHARS {
            let n = MAX_MESSAGE_CHARS.to_string();
            let msg = self.t(conv.lang, "too_long", &[("n", &n)]);
            turn.push(self.to_customer(&conv, OutputKind::Error, None, msg, vec![]));
            return self.save(&conv);
        }
        // (before language detection: "/as ana" is no English)
        if text.starts_with('/') && text.len() > 1 && text[1..].chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            // "/queue" from a customer: commands are for agents.
            let msg = self.t(conv.lang, "not_an_agent", &[]);
            turn.push(self.to_customer(&conv, OutputKind::Error, None, msg, vec![]));
            return self.save(&conv);
        }
        let current = (conv.version > 1).then_some(conv.lang);
        if let Some(lang) = lang_signal(text, current) {
            conv.lang = lang;
        }
        if text.is_empty() {
            let msg = self.t(conv.lang, "empty", &[]);
            turn.push(self.to_customer(&conv, OutputKind::Reply, None, msg, vec![]));
            return self.save(&conv);
        }
        // A typed button label or number answers the last question.
        if let Some(value) = reply::pending_choice(&conv.pending, text) {
            self.on_button(&mut conv, &value, now, turn)?;
            return self.save(&conv);
        }
        conv.pending.clear();
        let u = self.nlu.classify(text);
        self.on_text(&mut conv, text, &u, now, turn)?;
        self.save(&conv)
    }

    /// Route a customer's text by the conversation's step and its meaning.
    fn on_text(&self, conv: &mut Conversation, text: &str, u: &Understanding, now: DateTime<Utc>, turn: &mut Turn) -> Result<()> {
        if let Some(id) = reply::ticket_mention(text) {
            self.ticket_status(conv, &id, turn)?;
            if let Step::Intake(d) = conv.step.clone() {
                // Back to the form: the question still stands.
                return self.next_question(conv, d, Vec::new(), false, now, turn);
            }
            return Ok(());
        }
        if u.wants_human {
            return self.hand_over(conv, text, now, turn);
        }
        match conv.step.clone() {
            Step::Intake(draft) => {
                if u.act == Some(Act::Cancel) {
                    conv.step = Step::Idle;
                    let msg = self.t(conv.lang, "cancelled", &[]);
                    turn.push(self.to_customer(conv, OutputKind::Cancelled, None, msg, vec![]));
                    return Ok(());
                }
                self.continue_intake(conv, draft, text, u, now, turn)
            }
            Step::Helpful { .. } if u.act == Some(Act::Yes) => self.helpful(conv, true, now, turn),
            Step::Helpful { .. } if u.act == Some(Act::No) => self.helpful(conv, false, now, turn),
            // A new complaint or repair (or a safety report) while waiting
            // for a person is a new case, not a note on the old one.
            Step::Queued { ticket } if self.new_case(u) => {
                self.convert_waiting(&ticket, &conv.key, now)?;
                self.fresh(conv, text, u, now, turn)
            }
            Step::Queued { ticket } => self.while_queued(conv, &ticket, text, u, now, turn),
            _ if u.act == Some(Act::Cancel) => {
                conv.step = Step::Idle;
                let msg = self.t(conv.lang, "nothing_to_cancel", &[]);
                turn.push(self.to_customer(conv, OutputKind::Reply, None, msg, vec![]));
                Ok(())
            }
            _ => {
                if self.amend_recent(conv, text, u, now, turn)? {
                    return Ok(());
                }
                self.fresh(conv, text, u, now, turn)
            }
        }
    }

    /// Whether the classifier is unsure (low confidence, or a close runner-up).
    fn unsure(&self, u: &Understanding) -> bool {
        let margin = u.runner_up.map(|r| u.confidence - r.confidence).unwrap_or(1.0);
        u.confidence < self.cfg.nlu.min_confidence || margin < self.cfg.nlu.min_margin
    }

    /// A message that clearly opens a complaint or repair, or reports a
    /// safety hazard.
    fn new_case(&self, u: &Understanding) -> bool {
        u.cues.contains(&Cue::Safety) || (matches!(u.intent, Intent::Complaint | Intent::Repair) && !self.unsure(u))
    }

    /// A message that starts something new.
    fn fresh(&self, conv: &mut Conversation, text: &str, u: &Understanding, now: DateTime<Utc>, turn: &mut Turn) -> Result<()> {
        conv.step = Step::Idle;
        // Safety words make a complaint (PROCEDURES §5.2), whatever else the
        // message looks like: no clarifying question for a hazard.
        if u.cues.contains(&Cue::Safety) && u.intent != Intent::Other {
            return self.route(conv, Intent::Complaint, text, u, now, turn);
        }
        if self.unsure(u) {
            // Small talk is never worth a clarifying question; everything else is.
            if !(u.intent == Intent::Other && reply::small_talk(text).is_some()) {
                return self.clarify(conv, text, turn);
            }
        }
        self.route(conv, u.intent, text, u, now, turn)
    }

    fn route(&self, conv: &mut Conversation, intent: Intent, text: &str, u: &Understanding, now: DateTime<Utc>, turn: &mut Turn) -> Result<()> {
        match intent {
            Intent::Complaint => self.start_intake(conv, crate::domain::Kind::Complaint, text, u, now, turn),
            Intent::Repair => self.start_intake(conv, crate::domain::Kind::Repair, text, u, now, turn),
            Intent::Inquiry => self.inquiry(conv, text, now, turn),
            Intent::Other => {
                let key = reply::small_talk(text).unwrap_or("chitchat");
                let msg = self.t(conv.lang, key, &[]);
                turn.push(self.to_customer(conv, OutputKind::Reply, None, msg, vec![]));
                Ok(())
            }
        }
    }

    fn clarify(&self, conv: &mut Conversation, text: &str, turn: &mut Turn) -> Result<()> {
        let l = conv.lang;
        let buttons = vec![
            Button::new(self.t(l, "choice_complaint", &[]), "intent:complaint"),
            Button::new(self.t(l, "choice_repair", &[]), "intent:repair"),
            Button::new(self.t(l, "choice_inquiry", &[]), "intent:inquiry"),
            Button::new(self.t(l, "choice_human", &[]), "human"),
        ];
        conv.step = Step::Clarify { text: text.to_string() };
        conv.pending = buttons.clone();
        let msg = self.t(l, "clarify", &[]);
        turn.push(self.to_customer(conv, OutputKind::Ask, None, msg, buttons));
        Ok(())
    }

    /// Inquiry: answer from the knowledge base, offer candidates, or hand over.
    fn inquiry(&self, conv: &mut Conversation, text: &str, now: DateTime<Utc>, turn: &mut Turn) -> Result<()> {
        let matches = self.kb.search(text);
        let l = conv.lang;
        match matches.first() {
            Some(m) if m.score >= self.cfg.kb.answer_threshold => {
                let id = m.article.id.clone();
                self.give_answer(conv, &id, text, now, turn)
            }
            Some(m) if m.score >= self.cfg.kb.suggest_threshold => {
                let mut buttons: Vec<Button> = matches
                    .iter()
                    .filter(|m| m.score >= self.cfg.kb.suggest_threshold)
                    .take(self.cfg.kb.max_suggestions)
                    .map(|m| Button::new(crate::kb::title(m.article, l), format!("kb:{}", m.article.id)))
                    .collect();
                buttons.push(Button::new(self.t(l, "choice_human", &[]), "human"));
                conv.step = Step::Suggest { question: text.to_string() };
                conv.pending = buttons.clone();
                let msg = self.t(l, "suggest", &[]);
                turn.push(self.to_customer(conv, OutputKind::Suggest, None, msg, buttons));
                Ok(())
            }
            _ => {
                let msg = self.t(l, "no_answer", &[]);
                turn.push(self.to_customer(conv, OutputKind::Reply, None, msg, vec![]));
                self.hand_over(conv, text, now, turn)
            }
        }
    }

    fn give_answer(&self, conv: &mut Conversation, article: &str, question: &str, now: DateTime<Utc>, turn: &mut Turn) -> Result<()> {
        let Some(a) = self.kb.article(article) else {
            return self.fresh(conv, question, &self.nlu.classify(question), now, turn);
        };
        let l = conv.lang;
        let buttons = vec![Button::new(self.t(l, "yes", &[]), "helpful:yes"), Button::new(self.t(l, "no", &[]), "helpful:no")];
        let text = format!("{}\n{}", crate::kb::answer(a, l), self.t(l, "answer_helpful", &[]));
        conv.step = Step::Helpful { article: article.to_string(), question: question.to_string() };
        conv.pending = buttons.clone();
        turn.push(self.to_customer(conv, OutputKind::Answer, None, text, buttons));
        self.store.schedule(&Timer {
            at: self.cal.add(now, self.cfg.inquiry.idle_close),
            what: TimerKind::HelpfulClose { conversation: conv.key.clone(), version: conv.version },
        })?;
        Ok(())
    }

    fn helpful(&self, conv: &mut Conversation, yes: bool, now: DateTime<Utc>, turn: &mut Turn) -> Result<()> {
        let l = conv.lang;
        let question = match &conv.step {
            Step::Helpful { question, .. } => question.clone(),
            _ => String::new(),
        };
        conv.pending.clear();
        if yes {
            conv.failed_answers = 0;
            conv.step = Step::Idle;
            let msg = self.t(l, "helpful_thanks", &[]);
            turn.push(self.to_customer(conv, OutputKind::Reply, None, msg, vec![]));
            return Ok(());
        }
        conv.failed_answers += 1;
        if conv.failed_answers >= self.cfg.kb.failed_answers_handoff {
            conv.failed_answers = 0;
            return self.hand_over(conv, &question, now, turn);
        }
        // Still on the same answer: a second "no" hands over (§5.2).
        let buttons = vec![Button::new(self.t(l, "choice_human", &[]), "human")];
        conv.pending = buttons.clone();
        let msg = self.t(l, "not_helpful", &[]);
        turn.push(self.to_customer(conv, OutputKind::Reply, None, msg, buttons));
        Ok(())
    }

    /// A button value (pressed, or typed as its label or number).
    fn on_button(&self, conv: &mut Conversation, value: &str, now: DateTime<Utc>, turn: &mut Turn) -> Result<()> {
        conv.pending.clear();
        let (head, rest) = value.split_once(':').unwrap_or((value, ""));
        match (head, conv.step.clone()) {
            ("human", _) => {
                let text = match &conv.step {
                    Step::Clarify { text } | Step::Suggest { question: text } | Step::Helpful { question: text, .. } => text.clone(),
                    _ => String::new(),
                };
                self.hand_over(conv, &text, now, turn)
            }
            ("intent", Step::Clarify { text }) => {
                let intent = Intent::parse(rest).unwrap_or(Intent::Other);
                let u = self.nlu.classify(&text);
                self.route(conv, intent, &text, &u, now, turn)
            }
            ("kb", Step::Suggest { question }) => self.give_answer(conv, rest, &question, now, turn),
            // Still valid after the quiet close: "no" must still reach a person (§5.2).
            ("helpful", _) => self.helpful(conv, rest == "yes", now, turn),
            ("leave_message", Step::Queued { ticket }) => self.leave_message(conv, &ticket, now, turn),
            ("field", Step::Intake(draft)) => {
                let (field, v) = rest.split_once(':').unwrap_or((rest, ""));
                self.button_field(conv, draft, field, v, now, turn)
            }
            _ => {
                // A button from an earlier step: say what we can do now rather than act on stale state.
                let msg = self.t(conv.lang, "not_understood", &[]);
                turn.push(self.to_customer(conv, OutputKind::Reply, None, msg, vec![]));
                Ok(())
            }
        }
    }

    fn on_tick(&self, now: DateTime<Utc>, turn: &mut Turn) -> Result<()> {
        for timer in self.store.take_due(now)? {
            turn.durable = true;
            match timer.what {
                TimerKind::IntakeRemind { conversation, version } => {
                    let Some(conv) = self.store.conversation(&conversation)? else { continue };
                    if conv.version != version {
                        continue;
                    }
                    if let Step::Intake(d) = &conv.step {
                        let field = d.asking.clone().unwrap_or_default();
                        let name = self.cfg.field_name(&field, conv.lang);
                        let msg = self.t(conv.lang, "remind", &[("field", &name)]);
                        let buttons = conv.pending.clone();
                        turn.push(self.to_customer(&conv, OutputKind::Remind, None, msg, buttons));
                    }
                }
                TimerKind::IntakeExpire { conversation, version } => {
                    let Some(mut conv) = self.store.conversation(&conversation)? else { continue };
                    if conv.version != version || !matches!(conv.step, Step::Intake(_)) {
                        continue;
                    }
                    conv.step = Step::Idle;
                    conv.pending.clear();
                    let msg = self.t(conv.lang, "expired", &[]);
                    turn.push(self.to_customer(&conv, OutputKind::Expired, None, msg, vec![]));
                    self.save(&conv)?;
                }
                TimerKind::QueueUpdate { conversation, ticket, since } => self.queue_update(&conversation, &ticket, since, now, turn)?,
                TimerKind::HelpfulClose { conversation, version } => {
                    let Some(mut conv) = self.store.conversation(&conversation)? else { continue };
                    if conv.version == version && matches!(conv.step, Step::Helpful { .. }) {
                        conv.step = Step::Idle;
                        conv.pending.clear();
                        self.save(&conv)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn t(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        self.cfg.templates.render(lang, key, args)
    }

    fn to_customer(&self, conv: &Conversation, kind: OutputKind, ticket: Option<TicketId>, text: String, buttons: Vec<Button>) -> Output {
        Output { to: Party::Customer { channel: conv.channel.clone(), user: conv.user.clone() }, kind, ticket, text, buttons }
    }
}

/// The language a message shows clearly, if any, given the conversation's
/// language so far (`None` for a new conversation). Chinese needs a few
/// characters (four to leave English: "订单号 2026…" is a label, not a switch);
/// English needs two or more words of letters and no Chinese. Codes
/// ("KFR-35GW"), digits, emoji and single words change nothing.
pub fn lang_signal(text: &str, current: Option<Lang>) -> Option<Lang> {
    let cjk = text.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c) || ('\u{3400}'..='\u{4dbf}').contains(c)).count();
    let words = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\''))
        .filter(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic() || c == '\''))
        .count();
    let zh_needs = if current == Some(Lang::En) { 4 } else { 2 };
    if cjk >= zh_needs && cjk >= words {
        Some(Lang::Zh)
    } else if cjk == 0 && words >= 2 {
        Some(Lang::En)
    } else {
        None
    }
}
