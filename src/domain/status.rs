//! Ticket states and the transition tables of PROCEDURES §2.1–2.3.
//!
//! One enum serves all three kinds (the store and reports treat states
//! uniformly); `check` says which moves each kind allows. Who may make a
//! move (the minimum ladder level) is the engine's business.

use serde::{Deserialize, Serialize};

use super::Kind;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    // complaint
    New,
    Registered,
    Assigned,
    Investigating,
    SolutionProposed,
    RejectedInvalid,
    InExecution,
    Resolved,
    Closed,
    Reopened,
    Withdrawn,
    // repair
    WarrantyChecked,
    QuotePending,
    Dispatched,
    Appointed,
    OnSite,
    PendingParts,
    Repaired,
    ExchangeOrReturn,
    Accepted,
    Cancelled,
    // inquiry
    Open,
    AnsweredByBot,
    WaitingAgent,
    WithAgent,
    CallbackPending,
    Answered,
    Abandoned,
    Converted,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a {kind} ticket cannot go from {from} to {to}")]
pub struct Denied {
    pub kind: &'static str,
    pub from: &'static str,
    pub to: &'static str,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        use Status::*;
        match self {
            New => "NEW",
            Registered => "REGISTERED",
            Assigned => "ASSIGNED",
            Investigating => "INVESTIGATING",
            SolutionProposed => "SOLUTION_PROPOSED",
            RejectedInvalid => "REJECTED_INVALID",
            InExecution => "IN_EXECUTION",
            Resolved => "RESOLVED",
            Closed => "CLOSED",
            Reopened => "REOPENED",
            Withdrawn => "WITHDRAWN",
            WarrantyChecked => "WARRANTY_CHECKED",
            QuotePending => "QUOTE_PENDING",
            Dispatched => "DISPATCHED",
            Appointed => "APPOINTED",
            OnSite => "ON_SITE",
            PendingParts => "PENDING_PARTS",
            Repaired => "REPAIRED",
            ExchangeOrReturn => "EXCHANGE_OR_RETURN",
            Accepted => "ACCEPTED",
            Cancelled => "CANCELLED",
            Open => "OPEN",
            AnsweredByBot => "ANSWERED_BY_BOT",
            WaitingAgent => "WAITING_AGENT",
            WithAgent => "WITH_AGENT",
            CallbackPending => "CALLBACK_PENDING",
            Answered => "ANSWERED",
            Abandoned => "ABANDONED",
            Converted => "CONVERTED",
        }
    }

    pub fn is_terminal(self, kind: Kind) -> bool {
        use Status::*;
        match kind {
            Kind::Complaint => matches!(self, Closed | Withdrawn | RejectedInvalid),
            Kind::Repair => matches!(self, Closed | Cancelled),
            Kind::Inquiry => matches!(self, Closed | Abandoned | Converted),
        }
    }
}

/// Whether `kind` allows `from → to`.
#[allow(clippy::match_like_matches_macro)] // the table reads as a table
pub fn check(kind: Kind, from: Status, to: Status) -> Result<(), Denied> {
    use Status::*;
    let ok = match kind {
        Kind::Complaint => match (from, to) {
            (New, Registered | Withdrawn) => true,
            (Registered, Assigned) => true,
            (Assigned, Investigating) => true,
            (Investigating, SolutionProposed | RejectedInvalid) => true,
            (SolutionProposed, Investigating | InExecution) => true,
            (InExecution, Resolved) => true,
            (Resolved, Closed | Reopened) => true,
            (Reopened, Investigating) => true,
            (Closed, Reopened) => true,
            (f, Withdrawn) => !f.is_terminal(kind),
            _ => false,
        },
        Kind::Repair => match (from, to) {
            (New, Registered) => true,
            (Registered, WarrantyChecked) => true,
            (WarrantyChecked, QuotePending | Dispatched) => true,
            (QuotePending, Dispatched | Cancelled) => true,
            (Dispatched, Appointed) => true,
            (Appointed, Appointed | OnSite) => true,
            (OnSite, PendingParts | Repaired | ExchangeOrReturn) => true,
            (PendingParts, Appointed) => true,
            (Repaired, Accepted | Dispatched) => true,
            (Accepted | ExchangeOrReturn, Closed) => true,
            (New | Registered | WarrantyChecked | Dispatched | Appointed, Cancelled) => true,
            _ => false,
        },
        Kind::Inquiry => match (from, to) {
            (Open, AnsweredByBot | WaitingAgent) => true,
            (AnsweredByBot, Closed) => true,
            (WaitingAgent, WithAgent | Abandoned) => true,
            (WithAgent, Answered | CallbackPending) => true,
            (CallbackPending, Answered) => true,
            (Answered, Closed) => true,
            (f, Converted) => !f.is_terminal(kind),
            _ => false,
        },
    };
    if ok {
        Ok(())
    } else {
        Err(Denied { kind: kind.as_str(), from: from.as_str(), to: to.as_str() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn tables_follow_the_procedure() {
        assert!(check(Kind::Complaint, Status::New, Status::Registered).is_ok());
        assert!(check(Kind::Complaint, Status::Closed, Status::Investigating).is_err());
        assert!(check(Kind::Complaint, Status::Closed, Status::Withdrawn).is_err());
        assert!(check(Kind::Repair, Status::OnSite, Status::Cancelled).is_err());
        assert!(check(Kind::Inquiry, Status::Open, Status::WaitingAgent).is_ok());
        assert!(check(Kind::Inquiry, Status::Closed, Status::Converted).is_err());
    }
}
