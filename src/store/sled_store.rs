//! sled implementation of [`Store`]: one tree per concept, JSON values.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;

use super::{Result, Store, StoreError, Waiting};
use crate::domain::conversation::{Conversation, Timer};
use crate::domain::{NewTicket, Ticket, TicketId};

pub struct SledStore {
    db: sled::Db,
    tickets: sled::Tree,
    counters: sled::Tree,
    by_customer: sled::Tree,
    inbound: sled::Tree,
    conversations: sled::Tree,
    /// rank key (see `Waiting::rank`) + ticket id -> Waiting
    queue: sled::Tree,
    /// ticket id -> its key in `queue`
    queue_index: sled::Tree,
    timers: sled::Tree,
}

fn backend(e: sled::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

fn tx_error(e: TransactionError<()>) -> StoreError {
    match e {
        TransactionError::Storage(e) => backend(e),
        TransactionError::Abort(()) => StoreError::Backend("transaction aborted".into()),
    }
}

fn decode<T: serde::de::DeserializeOwned>(key: &[u8], v: &[u8]) -> Result<T> {
    serde_json::from_slice(v).map_err(|e| StoreError::Corrupt {
        key: String::from_utf8_lossy(key).into_owned(),
        message: e.to_string(),
    })
}

fn encode<T: serde::Serialize>(v: &T) -> Vec<u8> {
    serde_json::to_vec(v).expect("domain types serialise")
}

impl SledStore {
    /// Open (or create) the store in `dir`. A second process on the same
    /// directory gets [`StoreError::Locked`].
    pub fn open(dir: &Path) -> Result<SledStore> {
        Self::open_with_cache(dir, 64 << 20)
    }

    /// Open with a page cache of `cache_bytes`.
    pub fn open_with_cache(dir: &Path, cache_bytes: u64) -> Result<SledStore> {
        let db = sled::Config::new().path(dir).cache_capacity(cache_bytes).open().map_err(|e| match e {
            sled::Error::Io(ref io) if io.kind() == std::io::ErrorKind::WouldBlock || io.to_string().contains("lock") => {
                StoreError::Locked(dir.display().to_string())
            }
            other => backend(other),
        })?;
        let t = |name: &str| db.open_tree(name).map_err(backend);
        Ok(SledStore {
            tickets: t("tickets")?,
            counters: t("counters")?,
            by_customer: t("by_customer")?,
            inbound: t("inbound")?,
            conversations: t("conversations")?,
            queue: t("queue")?,
            queue_index: t("queue_index")?,
            timers: t("timers")?,
            db,
        })
    }

    fn timer_key(t: &Timer) -> Vec<u8> {
        let mut k = t.at.timestamp_millis().to_be_bytes().to_vec();
        // Keep negative times (never used) from sorting after positive ones.
        k[0] ^= 0x80;
        k.extend_from_slice(t.id().as_bytes());
        k
    }
}

impl Store for SledStore {
    fn create_ticket(&self, new: NewTicket, day: NaiveDate) -> Result<Ticket> {
        let counter_key = format!("{}{}", new.kind.letter(), day.format("%Y%m%d"));
        let res = (&self.tickets, &self.counters, &self.by_customer).transaction(|(tickets, counters, by_customer)| {
            let seq = match counters.get(counter_key.as_bytes())? {
                Some(v) => {
                    let mut b = [0u8; 4];
                    b.copy_from_slice(&v[..4]);
                    u32::from_be_bytes(b) + 1
                }
                None => 1,
            };
            counters.insert(counter_key.as_bytes(), &seq.to_be_bytes())?;
            let id = TicketId::new(new.kind, day, seq);
            let ticket = Ticket::from_new(id.clone(), new.clone());
            tickets.insert(id.0.as_bytes(), encode(&ticket))?;
            let mut idx = new.customer.as_bytes().to_vec();
            idx.push(0);
            idx.extend_from_slice(&ticket.created_at.timestamp_millis().to_be_bytes());
            idx.extend_from_slice(id.0.as_bytes());
            by_customer.insert(idx, id.0.as_bytes())?;
            Ok::<_, ConflictableTransactionError<()>>(ticket)
        });
        res.map_err(tx_error)
    }

    fn ticket(&self, id: &TicketId) -> Result<Option<Ticket>> {
        match self.tickets.get(id.0.as_bytes()).map_err(backend)? {
            Some(v) => Ok(Some(decode(id.0.as_bytes(), &v)?)),
            None => Ok(None),
        }
    }

    fn update_ticket(&self, id: &TicketId, f: &mut dyn FnMut(&mut Ticket)) -> Result<Ticket> {
        loop {
            let old = self.tickets.get(id.0.as_bytes()).map_err(backend)?.ok_or_else(|| StoreError::NotFound(id.clone()))?;
            let mut t: Ticket = decode(id.0.as_bytes(), &old)?;
            f(&mut t);
            let new = encode(&t);
            match self.tickets.compare_and_swap(id.0.as_bytes(), Some(&old), Some(new)).map_err(backend)? {
                Ok(()) => return Ok(t),
                Err(_) => continue, // someone else changed it: retry on the fresh value
            }
        }
    }

    fn tickets(&self) -> Result<Vec<Ticket>> {
        let mut out: Vec<Ticket> = Vec::new();
        for kv in self.tickets.iter() {
            let (k, v) = kv.map_err(backend)?;
            out.push(decode(&k, &v)?);
        }
        out.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.id.cmp(&b.id)));
        Ok(out)
    }

    fn customer_tickets(&self, customer: &str) -> Result<Vec<Ticket>> {
        let mut prefix = customer.as_bytes().to_vec();
        prefix.push(0);
        let mut out = Vec::new();
        for kv in self.by_customer.scan_prefix(&prefix) {
            let (_, id) = kv.map_err(backend)?;
            let id = TicketId(String::from_utf8_lossy(&id).into_owned());
            if let Some(t) = self.ticket(&id)? {
                out.push(t);
            }
        }
        Ok(out)
    }

    fn inbound_seen(&self, channel: &str, msg_id: &str) -> Result<bool> {
        let k = format!("{channel}\0{msg_id}");
        self.inbound.contains_key(k.as_bytes()).map_err(backend)
    }

    fn mark_inbound(&self, channel: &str, msg_id: &str) -> Result<()> {
        let k = format!("{channel}\0{msg_id}");
        self.inbound.insert(k.as_bytes(), &[]).map_err(backend)?;
        Ok(())
    }

    fn conversation(&self, key: &str) -> Result<Option<Conversation>> {
        match self.conversations.get(key.as_bytes()).map_err(backend)? {
            Some(v) => Ok(Some(decode(key.as_bytes(), &v)?)),
            None => Ok(None),
        }
    }

    fn save_conversation(&self, c: &Conversation) -> Result<()> {
        self.conversations.insert(c.key.as_bytes(), encode(c)).map_err(backend)?;
        Ok(())
    }

    fn enqueue(&self, w: Waiting) -> Result<()> {
        // [0 = live, 1 = not] + rank + id: live waits sort first.
        let mut key = vec![u8::from(!w.live)];
        let rank = w.rank().to_be_bytes();
        key.extend_from_slice(&rank);
        key[1] ^= 0x80; // order negative ranks before positive ones
        key.extend_from_slice(w.ticket.0.as_bytes());
        let res = (&self.queue, &self.queue_index).transaction(|(queue, index)| {
            if let Some(old) = index.insert(w.ticket.0.as_bytes(), key.as_slice())? {
                queue.remove(old)?;
            }
            queue.insert(key.as_slice(), encode(&w))?;
            Ok::<_, ConflictableTransactionError<()>>(())
        });
        res.map_err(tx_error)
    }

    fn dequeue(&self, id: &TicketId) -> Result<bool> {
        let res = (&self.queue, &self.queue_index).transaction(|(queue, index)| {
            Ok::<_, ConflictableTransactionError<()>>(match index.remove(id.0.as_bytes())? {
                Some(key) => {
                    queue.remove(key)?;
                    true
                }
                None => false,
            })
        });
        res.map_err(tx_error)
    }

    fn waiting(&self) -> Result<Vec<Waiting>> {
        let mut out = Vec::new();
        for kv in self.queue.iter() {
            let (k, v) = kv.map_err(backend)?;
            out.push(decode(&k, &v)?);
        }
        Ok(out)
    }

    fn queued(&self, id: &TicketId) -> Result<Option<Waiting>> {
        let Some(key) = self.queue_index.get(id.0.as_bytes()).map_err(backend)? else { return Ok(None) };
        match self.queue.get(&key).map_err(backend)? {
            Some(v) => Ok(Some(decode(&key, &v)?)),
            None => Ok(None),
        }
    }

    fn queue_position(&self, id: &TicketId, limit: usize) -> Result<Option<usize>> {
        let Some(key) = self.queue_index.get(id.0.as_bytes()).map_err(backend)? else { return Ok(None) };
        if key.first() != Some(&0) {
            return Ok(None); // registered, not waiting in the chat
        }
        // Keys only, no decoding: cheap even for a long queue.
        let mut n = 0;
        for k in self.queue.range(..key).keys().take(limit) {
            k.map_err(backend)?;
            n += 1;
        }
        Ok(Some(n))
    }

    fn schedule(&self, t: &Timer) -> Result<()> {
        self.timers.insert(Self::timer_key(t), encode(t)).map_err(backend)?;
        Ok(())
    }

    fn take_due(&self, now: DateTime<Utc>) -> Result<Vec<Timer>> {
        let mut out = Vec::new();
        let mut end = now.timestamp_millis().to_be_bytes().to_vec();
        end[0] ^= 0x80;
        end.push(0xff);
        for kv in self.timers.range(..end) {
            let (k, _) = kv.map_err(backend)?;
            // Whoever removes the key owns the timer.
            if let Some(v) = self.timers.remove(&k).map_err(backend)? {
                let t: Timer = decode(&k, &v)?;
                if t.at <= now {
                    out.push(t);
                } else {
                    self.schedule(&t)?;
                }
            }
        }
        Ok(out)
    }

    fn next_due(&self) -> Result<Option<DateTime<Utc>>> {
        match self.timers.first().map_err(backend)? {
            Some((k, v)) => Ok(Some(decode::<Timer>(&k, &v)?.at)),
            None => Ok(None),
        }
    }

    fn flush(&self) -> Result<()> {
        self.db.flush().map_err(backend)?;
        Ok(())
    }
}
