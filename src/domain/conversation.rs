//! A customer's conversation with the bot: which step it is at, persisted
//! after every message so a restart resumes mid-dialogue. Timers the engine
//! schedules live in the store too.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Kind, TicketId};
use crate::nlu::{Cue, Lang};

/// A button under a message. Channels without buttons show them as a
/// numbered list; typing the number or the label works the same.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    pub label: String,
    pub value: String,
}

impl Button {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Button {
        Button { label: label.into(), value: value.into() }
    }
}

/// An intake form being filled before a ticket exists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub kind: Kind,
    pub fields: BTreeMap<String, String>,
    /// The field the last question asked for.
    pub asking: Option<String>,
    /// Fields already asked once (a question is never asked twice unless
    /// the answer could not be used).
    pub asked: Vec<String>,
    pub cues: Vec<Cue>,
    pub amount: Option<f64>,
    /// Everything the customer said during intake, for the summary and severity words.
    pub text: String,
    pub started: DateTime<Utc>,
}

impl Draft {
    /// A form of `kind` starting from `fields` (empty for a new case, a
    /// ticket's fields when a later message fills it further).
    pub fn new(kind: Kind, fields: BTreeMap<String, String>, now: DateTime<Utc>) -> Draft {
        Draft { kind, fields, asking: None, asked: Vec::new(), cues: Vec::new(), amount: None, text: String::new(), started: now }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    Idle,
    /// The bot asked which intent the customer meant; `text` is their message.
    Clarify { text: String },
    Intake(Draft),
    /// A knowledge-base answer was given; waiting for "did this help?".
    Helpful { article: String, question: String },
    /// Candidate articles were offered.
    Suggest { question: String },
    /// Handed to a person; waiting for an agent.
    Queued { ticket: TicketId },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    /// `channel:user`.
    pub key: String,
    pub channel: String,
    pub user: String,
    pub lang: Lang,
    pub step: Step,
    /// Buttons of the bot's last question, answerable by typing.
    pub pending: Vec<Button>,
    /// Knowledge-base answers in a row that did not help.
    pub failed_answers: u32,
    pub after_hours_notified: bool,
    /// Bumped on every customer message: a timer scheduled at an older
    /// version is stale and does nothing.
    pub version: u64,
    pub last_seen: DateTime<Utc>,
    pub tickets: Vec<TicketId>,
}

impl Conversation {
    pub fn new(channel: &str, user: &str, lang: Lang, now: DateTime<Utc>) -> Conversation {
        Conversation {
            key: key(channel, user),
            channel: channel.to_string(),
            user: user.to_string(),
            lang,
            step: Step::Idle,
            pending: Vec::new(),
            failed_answers: 0,
            after_hours_notified: false,
            version: 0,
            last_seen: now,
            tickets: Vec::new(),
        }
    }
}

pub fn key(channel: &str, user: &str) -> String {
    format!("{channel}:{user}")
}

/// Something that must happen at a time; stored, so any process fires it
/// and a restart loses none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timer {
    pub at: DateTime<Utc>,
    pub what: TimerKind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "timer", rename_all = "snake_case")]
pub enum TimerKind {
    /// Remind a customer who went quiet mid-intake.
    IntakeRemind { conversation: String, version: u64 },
    /// Drop an intake the customer abandoned.
    IntakeExpire { conversation: String, version: u64 },
    /// Close a "did this help?" nobody answered.
    HelpfulClose { conversation: String, version: u64 },
    /// Tell a customer waiting in the chat where they stand; after a while
    /// offer to leave a message (PROCEDURES §5.3). `since`: the wait began.
    QueueUpdate { conversation: String, ticket: TicketId, since: DateTime<Utc> },
}

impl Timer {
    /// A stable id, so scheduling the same thing twice stores it once.
    pub fn id(&self) -> String {
        match &self.what {
            TimerKind::IntakeRemind { conversation, version } => format!("remind/{conversation}/{version}"),
            TimerKind::IntakeExpire { conversation, version } => format!("expire/{conversation}/{version}"),
            TimerKind::HelpfulClose { conversation, version } => format!("helpful/{conversation}/{version}"),
            TimerKind::QueueUpdate { conversation, ticket, .. } => format!("queue/{conversation}/{ticket}"),
        }
    }
}
