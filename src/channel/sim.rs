//! `kefu sim`: a scripted conversation on a virtual clock, printed as JSON
//! lines. The scenario language (one directive a line; `#` comments and
//! blank lines ignored):
//!
//! ```text
//! at 2026-12-07 10:00        set the clock (configured time zone; never back)
//! wait 90m                   advance it, firing every timer on the way at its time
//! NAME: text                 NAME sends text (a configured agent's name is an agent)
//! NAME [label]               NAME presses the button with that label or value on
//!                            the latest message NAME can see that has it
//! redeliver                  the platform delivers the previous message again
//! restart                    stop kefu and start it again on the same data
//! ? NAME kind [~ text]       the previous step sent NAME an output of that kind
//!                            (whose text contains `text`); NAME may be `queue`
//! ?! NAME kind               ... and sent none of that kind
//! ? ticket ID key=value ...  the stored ticket has these values (status, kind,
//!                            severity, level, owner, customer, channel,
//!                            fields.NAME, missing)
//! ```
//! `{NAME}` anywhere in a line is NAME's most recent ticket number. Several
//! files run one after another on one store, each with its own clock.
//! A malformed line, or a failed `?`, stops the run with its line number.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::json;

use crate::domain::conversation::key;
use crate::domain::span::Span;
use crate::engine::{Engine, Inbound, Input, Output, Press};

pub const CHANNEL: &str = "sim";

#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct SimError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
enum Line {
    At(NaiveDateTime),
    Wait(Span),
    Say { who: String, text: String },
    Press { who: String, label: String },
    Redeliver,
    Restart,
    Expect { who: String, kind: String, contains: Option<String>, negate: bool },
    ExpectTicket { id: String, checks: Vec<(String, String)> },
}

fn parse_line(s: &str) -> Result<Option<Line>, String> {
    let s = s.trim();
    if s.is_empty() || s.starts_with('#') {
        return Ok(None);
    }
    if let Some(rest) = s.strip_prefix("at ") {
        let t = NaiveDateTime::parse_from_str(rest.trim(), "%Y-%m-%d %H:%M")
            .map_err(|_| format!("`at` wants YYYY-MM-DD HH:MM, got {:?}", rest.trim()))?;
        return Ok(Some(Line::At(t)));
    }
    if let Some(rest) = s.strip_prefix("wait ") {
        let span: Span = rest.trim().parse().map_err(|e: crate::domain::span::SpanError| e.to_string())?;
        if span.working {
            return Err("`wait` takes wall-clock units (s, m, h, d)".into());
        }
        return Ok(Some(Line::Wait(span)));
    }
    if s == "redeliver" {
        return Ok(Some(Line::Redeliver));
    }
    if s == "restart" {
        return Ok(Some(Line::Restart));
    }
    if let Some(rest) = s.strip_prefix("?!").or_else(|| s.strip_prefix('?')) {
        let negate = s.starts_with("?!");
        let mut parts = rest.split_whitespace();
        let who = parts.next().ok_or("`?` wants a party and a kind")?.to_string();
        if who == "ticket" {
            let id = parts.next().ok_or("`? ticket` wants a ticket number")?.to_string();
            let rest = rest.trim_start().strip_prefix("ticket").unwrap_or("").trim_start();
            let rest = rest.strip_prefix(id.as_str()).unwrap_or("");
            let checks = ticket_checks(rest)?;
            return Ok(Some(Line::ExpectTicket { id, checks }));
        }
        let kind = parts.next().ok_or("`?` wants a party and a kind")?.to_string();
        let tail: Vec<&str> = parts.collect();
        let contains = match tail.split_first() {
            None => None,
            Some((&"~", rest)) if !rest.is_empty() => Some(rest.join(" ")),
            _ => return Err("after the kind, `~ text` is the only thing `?` takes".into()),
        };
        return Ok(Some(Line::Expect { who, kind, contains, negate }));
    }
    // NAME: text  or  NAME [label]
    let name_end = s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(s.len());
    let (who, rest) = s.split_at(name_end);
    if who.is_empty() {
        return Err(format!("not a directive: {s:?}"));
    }
    if let Some(text) = rest.strip_prefix(':') {
        return Ok(Some(Line::Say { who: who.to_string(), text: text.trim().to_string() }));
    }
    let rest = rest.trim();
    if rest.starts_with('[') && rest.ends_with(']') && rest.len() > 2 {
        return Ok(Some(Line::Press { who: who.to_string(), label: rest[1..rest.len() - 1].to_string() }));
    }
    Err(format!("not a directive: {s:?} (expected `NAME: text`, `NAME [label]`, `at`, `wait`, `?` ...)"))
}

/// `key=value key="value with spaces" ...`
fn ticket_checks(s: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let (k, after) = rest.split_once('=').ok_or_else(|| format!("`? ticket` checks are key=value, got {rest:?}"))?;
        let (v, next) = match after.strip_prefix('"') {
            Some(q) => {
                let end = q.find('"').ok_or("unclosed quote in `? ticket`")?;
                (&q[..end], &q[end + 1..])
            }
            None => after.split_once(char::is_whitespace).unwrap_or((after, "")),
        };
        if k.trim().is_empty() || k.contains(char::is_whitespace) {
            return Err(format!("`? ticket` checks are key=value, got {rest:?}"));
        }
        out.push((k.trim().to_string(), v.to_string()));
        rest = next.trim_start();
    }
    Ok(out)
}

/// Runs scenarios, writing one JSON line per output to `out`.
pub struct Sim<'a> {
    make: Box<dyn Fn() -> anyhow::Result<Engine> + 'a>,
    engine: Option<Engine>,
    tz: Tz,
    clock: Option<DateTime<Utc>>,
    /// Everything each party has been shown, for button presses.
    seen: HashMap<String, Vec<Output>>,
    last: Vec<Output>,
    last_input: Option<Input>,
    /// Message ids are `{run}-{seq}`: unique across runs on the same data,
    /// so only `redeliver` repeats one.
    run: u128,
    seq: u64,
}

impl<'a> Sim<'a> {
    pub fn new(make: impl Fn() -> anyhow::Result<Engine> + 'a) -> anyhow::Result<Sim<'a>> {
        let engine = make()?;
        let tz = engine.config().tz();
        Ok(Sim { make: Box::new(make), engine: Some(engine), tz, clock: None, seen: HashMap::new(), last: Vec::new(), last_input: None, run: run_id(), seq: 0 })
    }

    fn engine(&self) -> &Engine {
        self.engine.as_ref().expect("engine is present between restarts")
    }

    /// Run one scenario file. Several files run one after another on the
    /// same store; each sets its own clock with its first `at`.
    pub fn run(&mut self, file: &str, text: &str, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        self.clock = None;
        self.last.clear();
        let mut lines = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            match parse_line(raw) {
                Ok(Some(l)) => lines.push((i + 1, raw.to_string(), l)),
                Ok(None) => {}
                Err(message) => return Err(SimError { file: file.into(), line: i + 1, message }.into()),
            }
        }
        for (n, raw, _) in lines {
            // `{NAME}` is expanded at run time: the ticket may be minutes old.
            let expanded = self.expand(&raw).map_err(|message| SimError { file: file.into(), line: n, message })?;
            let line = parse_line(&expanded)
                .map_err(|message| SimError { file: file.into(), line: n, message })?
                .expect("non-empty");
            self.step(line, n, out).map_err(|e| match e.downcast::<SimError>() {
                Ok(s) => anyhow::Error::from(s),
                Err(e) => anyhow::Error::from(SimError { file: file.into(), line: n, message: format!("{e:#}") }),
            })?;
        }
        Ok(())
    }

    fn expand(&self, raw: &str) -> Result<String, String> {
        let mut s = String::new();
        let mut rest = raw;
        while let Some(i) = rest.find('{') {
            s.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            let Some(j) = after.find('}') else {
                s.push_str(&rest[i..]);
                rest = "";
                break;
            };
            let name = &after[..j];
            if crate::config::valid_party_name(name) {
                let tickets = self.engine().store().customer_tickets(&key(CHANNEL, name)).map_err(|e| e.to_string())?;
                let t = tickets.iter().max_by_key(|t| (t.created_at, t.id.clone())).ok_or_else(|| format!("{name} has no ticket yet"))?;
                s.push_str(&t.id.0);
            } else {
                s.push('{');
                s.push_str(name);
                s.push('}');
            }
            rest = &after[j + 1..];
        }
        s.push_str(rest);
        Ok(s)
    }

    fn now(&self) -> anyhow::Result<DateTime<Utc>> {
        self.clock.ok_or_else(|| anyhow::anyhow!("set the clock first with `at YYYY-MM-DD HH:MM`"))
    }

    /// Move the clock to `to`, firing each due timer at its own time.
    fn advance(&mut self, to: DateTime<Utc>, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let mut produced = Vec::new();
        loop {
            match self.engine().next_due()? {
                Some(t) if t <= to => {
                    let at = self.clock.map_or(t, |c| c.max(t));
                    self.clock = Some(at);
                    let outs = self.engine().handle(Input::Tick, at)?;
                    self.emit(&outs, at, out)?;
                    produced.extend(outs);
                }
                _ => break,
            }
        }
        self.clock = Some(to);
        self.last = produced;
        Ok(())
    }

    fn step(&mut self, line: Line, _n: usize, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        match line {
            Line::At(t) => {
                let to = self
                    .tz
                    .from_local_datetime(&t)
                    .earliest()
                    .ok_or_else(|| anyhow::anyhow!("{t} does not exist in {}", self.tz))?
                    .with_timezone(&Utc);
                if let Some(c) = self.clock {
                    if to < c {
                        anyhow::bail!("time never goes back: {t} is before the clock");
                    }
                }
                if self.clock.is_some() {
                    self.advance(to, out)?;
                } else {
                    self.clock = Some(to);
                }
            }
            Line::Wait(span) => {
                let to = self.now()? + chrono::Duration::seconds(span.secs);
                self.advance(to, out)?;
            }
            Line::Say { who, text } => {
                self.seq += 1;
                let msg = Inbound { channel: CHANNEL.into(), user: who.clone(), msg_id: Some(format!("{}-{}", self.run, self.seq)), text };
                let input = if self.engine().config().agent(&who).is_some() { Input::Agent(msg) } else { Input::Customer(msg) };
                self.deliver(input, out)?;
            }
            Line::Press { who, label } => {
                let value = self
                    .seen
                    .get(&who)
                    .and_then(|outs| outs.iter().rev().find_map(|o| o.buttons.iter().find(|b| b.label == label || b.value == label)))
                    .map(|b| b.value.clone())
                    .ok_or_else(|| anyhow::anyhow!("{who} sees no button [{label}]"))?;
                self.seq += 1;
                let agent = self.engine().config().agent(&who).is_some();
                let press = Press { channel: CHANNEL.into(), user: who, msg_id: Some(format!("{}-{}", self.run, self.seq)), value, agent };
                self.deliver(Input::Button(press), out)?;
            }
            Line::Redeliver => {
                let input = self.last_input.clone().ok_or_else(|| anyhow::anyhow!("nothing to redeliver yet"))?;
                self.deliver(input, out)?;
            }
            Line::Restart => {
                self.engine = None; // closes the store
                self.engine = Some((self.make)()?);
            }
            Line::Expect { who, kind, contains, negate } => {
                let hit = self.last.iter().any(|o| {
                    o.to.name() == who && o.kind.as_str() == kind && contains.as_ref().is_none_or(|c| o.text.contains(c.as_str()))
                });
                if hit == negate {
                    let got: Vec<String> = self.last.iter().map(|o| format!("{} {}: {}", o.to.name(), o.kind.as_str(), o.text)).collect();
                    let want = match &contains {
                        Some(c) => format!("{kind} containing {c:?}"),
                        None => kind.clone(),
                    };
                    anyhow::bail!(
                        "expected {}{want} to {who}; the previous step sent: {}",
                        if negate { "no " } else { "" },
                        if got.is_empty() { "nothing".to_string() } else { got.join(" | ") }
                    );
                }
            }
            Line::ExpectTicket { id, checks } => {
                let tid = crate::domain::TicketId(id.clone());
                let t = self.engine().store().ticket(&tid)?.ok_or_else(|| anyhow::anyhow!("no ticket {id}"))?;
                let v = serde_json::to_value(&t)?;
                for (k, want) in checks {
                    let got = lookup(&v, &k);
                    if got != want {
                        anyhow::bail!("ticket {id}: {k} is {got:?}, expected {want:?}");
                    }
                }
            }
        }
        Ok(())
    }

    fn deliver(&mut self, input: Input, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let now = self.now()?;
        self.last_input = Some(input.clone());
        let outs = self.engine().handle(input, now)?;
        self.emit(&outs, now, out)?;
        self.last = outs;
        Ok(())
    }

    fn emit(&mut self, outs: &[Output], at: DateTime<Utc>, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        for o in outs {
            writeln!(out, "{}", transcript_line(o, at, self.tz))?;
            self.seen.entry(o.to.name().to_string()).or_default().push(o.clone());
        }
        Ok(())
    }
}

fn run_id() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}

/// A ticket value as `? ticket` compares it: strings bare, lists comma-joined.
fn lookup(v: &serde_json::Value, path: &str) -> String {
    let mut cur = v;
    for part in path.split('.') {
        match cur.get(part) {
            Some(x) => cur = x,
            None => return "null".into(),
        }
    }
    match cur {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) => a.iter().map(|x| x.as_str().map(str::to_string).unwrap_or_else(|| x.to_string())).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// One transcript line: `{"at","to","role","kind","ticket","text","buttons"}`.
pub fn transcript_line(o: &Output, at: DateTime<Utc>, tz: Tz) -> String {
    json!({
        "at": at.with_timezone(&tz).to_rfc3339(),
        "to": o.to.name(),
        "role": o.to.role(),
        "kind": o.kind.as_str(),
        "ticket": o.ticket.as_ref().map(|t| t.0.clone()),
        "text": o.text,
        "buttons": o.buttons.iter().map(|b| json!({"label": b.label, "value": b.value})).collect::<Vec<_>>(),
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn parses_directives_and_rejects_junk() {
        assert!(matches!(parse_line("at 2026-12-07 10:00"), Ok(Some(Line::At(_)))));
        assert_eq!(parse_line("wang: 你好"), Ok(Some(Line::Say { who: "wang".into(), text: "你好".into() })));
        assert_eq!(parse_line("ana [Claim]"), Ok(Some(Line::Press { who: "ana".into(), label: "Claim".into() })));
        assert!(parse_line("# comment").unwrap().is_none());
        assert!(parse_line("wait 2wh").is_err());
        assert!(parse_line("at tomorrow").is_err());
        assert!(parse_line("王: hi").is_err());
        assert!(parse_line("? wang").is_err());
    }
}
