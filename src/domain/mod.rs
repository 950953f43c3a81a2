//! Domain types of the service procedure (PROCEDURES §2, §3, §8): tickets,
//! their kinds, states and history, severity and customer grade. Pure data
//! and rules; no I/O.

pub mod calendar;
pub mod conversation;
pub mod severity;
pub mod span;
pub mod status;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::nlu::{Cue, Lang};
pub use status::{Denied, Status};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Complaint,
    Repair,
    Inquiry,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Complaint, Kind::Repair, Kind::Inquiry];
    /// The letter that starts a ticket number.
    pub fn letter(self) -> char {
        match self {
            Kind::Complaint => 'C',
            Kind::Repair => 'R',
            Kind::Inquiry => 'Q',
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Complaint => "complaint",
            Kind::Repair => "repair",
            Kind::Inquiry => "inquiry",
        }
    }
    pub fn from_intent(i: crate::nlu::Intent) -> Option<Kind> {
        use crate::nlu::Intent;
        match i {
            Intent::Complaint => Some(Kind::Complaint),
            Intent::Repair => Some(Kind::Repair),
            Intent::Inquiry => Some(Kind::Inquiry),
            Intent::Other => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    S1,
    S2,
    S3,
}

impl Severity {
    /// The ladder level that owns a complaint of this severity (§3.1).
    pub fn owner_level(self) -> u8 {
        match self {
            Severity::S1 => 1,
            Severity::S2 => 2,
            Severity::S3 => 3,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:?}")
    }
}

/// Customer grade (§8): G3 key account/VIP, G2 important, G1 everyone else.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Grade {
    #[default]
    G1,
    G2,
    G3,
}

/// Where a repair visit goes (§4.1, §4.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Area {
    Urban,
    County,
    Remote,
}

/// A ticket number: `{K}-{YYYYMMDD}-{seq:04}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TicketId(pub String);

impl TicketId {
    pub fn new(kind: Kind, day: NaiveDate, seq: u32) -> TicketId {
        TicketId(format!("{}-{}-{:04}", kind.letter(), day.format("%Y%m%d"), seq))
    }

    /// Parse a number a person typed ("c-20261207-0001", with spaces or
    /// full-width dashes tolerated by the caller's normalisation).
    pub fn parse(s: &str) -> Option<TicketId> {
        let s = s.trim().to_ascii_uppercase();
        let b = s.as_bytes();
        let ok = b.len() >= 15
            && matches!(b[0], b'C' | b'R' | b'Q')
            && b[1] == b'-'
            && b[2..10].iter().all(u8::is_ascii_digit)
            && b[10] == b'-'
            && b[11..].iter().all(u8::is_ascii_digit)
            && b.len() - 11 >= 4;
        ok.then_some(TicketId(s))
    }

    pub fn kind(&self) -> Option<Kind> {
        match self.0.as_bytes().first() {
            Some(b'C') => Some(Kind::Complaint),
            Some(b'R') => Some(Kind::Repair),
            Some(b'Q') => Some(Kind::Inquiry),
            _ => None,
        }
    }
}

impl fmt::Display for TicketId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One line of a ticket's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub event: String,
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// What the engine hands the store to register; the store gives it a number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewTicket {
    pub kind: Kind,
    pub status: Status,
    pub severity: Option<Severity>,
    pub level: u8,
    pub customer: String,
    pub channel: String,
    pub grade: Grade,
    pub lang: Lang,
    pub fields: BTreeMap<String, String>,
    /// Required fields still missing (a customer who asked for a person
    /// before the form was complete): the agent collects them.
    pub missing: Vec<String>,
    pub cues: Vec<Cue>,
    pub severity_reasons: Vec<String>,
    pub area: Option<Area>,
    pub summary: String,
    pub created_at: DateTime<Utc>,
    pub deadlines: BTreeMap<String, DateTime<Utc>>,
    pub history: Vec<Event>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: TicketId,
    pub kind: Kind,
    pub status: Status,
    pub severity: Option<Severity>,
    pub level: u8,
    pub owner: Option<String>,
    pub customer: String,
    pub channel: String,
    pub grade: Grade,
    pub lang: Lang,
    pub fields: BTreeMap<String, String>,
    pub missing: Vec<String>,
    pub cues: Vec<Cue>,
    pub severity_reasons: Vec<String>,
    pub area: Option<Area>,
    pub summary: String,
    pub created_at: DateTime<Utc>,
    pub deadlines: BTreeMap<String, DateTime<Utc>>,
    #[serde(default)]
    pub overdue: bool,
    #[serde(default)]
    pub escalated: bool,
    #[serde(default)]
    pub watchers: Vec<String>,
    #[serde(default)]
    pub linked: Vec<TicketId>,
    pub history: Vec<Event>,
}

impl Ticket {
    pub fn from_new(id: TicketId, n: NewTicket) -> Ticket {
        Ticket {
            id,
            kind: n.kind,
            status: n.status,
            severity: n.severity,
            level: n.level,
            owner: None,
            customer: n.customer,
            channel: n.channel,
            grade: n.grade,
            lang: n.lang,
            fields: n.fields,
            missing: n.missing,
            cues: n.cues,
            severity_reasons: n.severity_reasons,
            area: n.area,
            summary: n.summary,
            created_at: n.created_at,
            deadlines: n.deadlines,
            overdue: false,
            escalated: false,
            watchers: Vec::new(),
            linked: Vec::new(),
            history: n.history,
        }
    }

    /// Move to `to` if the kind's state table allows it, recording who and when.
    pub fn transition(&mut self, to: Status, by: &str, at: DateTime<Utc>) -> Result<(), Denied> {
        status::check(self.kind, self.status, to)?;
        self.record(at, &format!("status:{}", to.as_str()), by, None);
        self.status = to;
        Ok(())
    }

    /// Append a history event.
    pub fn record(&mut self, at: DateTime<Utc>, event: &str, by: &str, detail: Option<String>) {
        self.history.push(Event { at, event: event.to_string(), by: by.to_string(), detail });
    }

    pub fn is_open(&self) -> bool {
        !self.status.is_terminal(self.kind)
    }
}
