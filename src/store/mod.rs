//! The store: domain operations the engine needs, each atomic on its own.
//!
//! The trait speaks in operations (create a ticket with the next number,
//! record an inbound message, take due timers), not keys and values, so a
//! networked database can implement it with single statements later
//! (`INSERT … ON CONFLICT DO NOTHING`, `… FOR UPDATE SKIP LOCKED`). sled is
//! the embedded default.

mod sled_store;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::conversation::{Conversation, Timer};
use crate::domain::{NewTicket, Ticket, TicketId};
pub use sled_store::SledStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the data directory {0} is in use by another kefu process (one process owns a data directory)")]
    Locked(String),
    #[error("storage error: {0}")]
    Backend(String),
    #[error("stored record {key} is unreadable: {message}")]
    Corrupt { key: String, message: String },
    #[error("ticket {0} not found")]
    NotFound(TicketId),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A ticket waiting for an agent.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Waiting {
    pub ticket: TicketId,
    pub since: DateTime<Utc>,
    /// Severity and grade part of the queue priority (§8).
    pub base_priority: u32,
    /// The customer is waiting in the chat for a person right now. Live
    /// waits come first (PROCEDURES §5.3: 30 s first response) and are the
    /// ones a waiting customer's position counts.
    #[serde(default)]
    pub live: bool,
}

impl Waiting {
    /// Queue order. Priority is `base + minutes waiting` (PROCEDURES §8);
    /// since every ticket's "now" is the same, that order never changes
    /// with time: it is the order of `since − base minutes`, smallest first.
    pub fn rank(&self) -> i64 {
        self.since.timestamp_millis() - i64::from(self.base_priority) * 60_000
    }
}

pub trait Store: Send + Sync {
    /// Register a ticket: the next number of its kind on `day` (from 0001,
    /// never reused, unaffected by restarts), stored with the customer index
    /// in one atomic step.
    fn create_ticket(&self, new: NewTicket, day: NaiveDate) -> Result<Ticket>;
    fn ticket(&self, id: &TicketId) -> Result<Option<Ticket>>;
    /// Atomic read-modify-write of one ticket.
    fn update_ticket(&self, id: &TicketId, f: &mut dyn FnMut(&mut Ticket)) -> Result<Ticket>;
    /// All tickets, oldest first.
    fn tickets(&self) -> Result<Vec<Ticket>>;
    /// One customer's tickets, oldest first.
    fn customer_tickets(&self, customer: &str) -> Result<Vec<Ticket>>;

    /// Whether an inbound message (channel + platform message id) was handled.
    fn inbound_seen(&self, channel: &str, msg_id: &str) -> Result<bool>;
    /// Record it as handled. The engine does this after the message's other
    /// writes, so a crash can leave a handled message unmarked (redelivery is
    /// then deduplicated by nothing worse than a second reply), never a marked
    /// message whose ticket was lost.
    fn mark_inbound(&self, channel: &str, msg_id: &str) -> Result<()>;

    fn conversation(&self, key: &str) -> Result<Option<Conversation>>;
    fn save_conversation(&self, c: &Conversation) -> Result<()>;

    /// Put a ticket in the agents' queue (again: it moves to its new place).
    fn enqueue(&self, w: Waiting) -> Result<()>;
    fn dequeue(&self, id: &TicketId) -> Result<bool>;
    /// The queue: live waits first, each part in priority order
    /// ([`Waiting::rank`]); the next ticket to take first.
    fn waiting(&self) -> Result<Vec<Waiting>>;
    /// The queue entry of `id`, if it is queued.
    fn queued(&self, id: &TicketId) -> Result<Option<Waiting>>;
    /// How many live waits are ahead of `id`, counting up to `limit` (a
    /// customer needs "about", not an exact 4,812); `None` if it is not
    /// waiting live.
    fn queue_position(&self, id: &TicketId, limit: usize) -> Result<Option<usize>>;

    fn schedule(&self, t: &Timer) -> Result<()>;
    /// Remove and return every timer due at or before `now`, earliest first.
    /// A timer is returned to exactly one caller.
    fn take_due(&self, now: DateTime<Utc>) -> Result<Vec<Timer>>;
    fn next_due(&self) -> Result<Option<DateTime<Utc>>>;

    /// Make every write so far durable. The engine calls this before it
    /// returns outputs that promise something (an acknowledgement).
    fn flush(&self) -> Result<()>;
}
