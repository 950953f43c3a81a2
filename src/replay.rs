//! `kefu replay`: feed a file of customer messages through the engine and
//! the durable store, as a busy channel would (group commit: one flush per
//! batch, acknowledgements released after it), and summarise what happened.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::engine::{Engine, Inbound, Input, OutputKind};

#[derive(Deserialize)]
struct Line {
    text: String,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    at: Option<DateTime<chrono::FixedOffset>>,
    #[serde(default)]
    channel: Option<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub messages: usize,
    pub intents: BTreeMap<String, usize>,
    /// Tickets opened, by kind, and complaints by severity.
    pub tickets: BTreeMap<String, usize>,
    pub complaints_by_severity: BTreeMap<String, usize>,
    pub outputs: BTreeMap<String, usize>,
    pub seconds: f64,
    pub msgs_per_s: f64,
}

/// Messages in one group commit.
pub const BATCH: usize = 256;

pub fn run(engine: &Engine, files: &[std::path::PathBuf], progress: bool) -> anyhow::Result<Summary> {
    let mut lines = Vec::new();
    for f in files {
        lines.extend(read(f)?);
    }
    // Anonymous lines are numbered across all files: each is its own customer.
    let lines: Vec<(usize, Line)> = lines.into_iter().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let tz = engine.config().tz();
    // The clock starts at the earliest `at` in the files, or at a fixed time
    // when there is none (a replay is repeatable); a line without `at` comes
    // a second after the one before. Time never goes back.
    let fixed = tz.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).single().map(|t| t.with_timezone(&Utc)).unwrap_or_else(Utc::now);
    let start = lines.iter().filter_map(|(_, l)| l.at.map(|t| t.with_timezone(&Utc))).min().unwrap_or(fixed);
    let bar = indicatif::ProgressBar::new(lines.len() as u64);
    if !progress {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} messages {per_sec} eta {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut s = Summary { messages: lines.len(), ..Default::default() };
    let began = Instant::now();
    let mut clock = start - Duration::seconds(1);
    // Anonymous lines are new customers of this run, not of an earlier one on the same data.
    let run_id = Utc::now().timestamp_millis();
    for chunk in lines.chunks(BATCH) {
        let mut batch = Vec::with_capacity(chunk.len() * 2);
        for (n, l) in chunk {
            let at = l.at.map(|t| t.with_timezone(&Utc)).unwrap_or(clock + Duration::seconds(1));
            clock = clock.max(at);
            // Timers due before this message fire first, at the message's time
            // (a form abandoned for days has expired when its customer returns).
            batch.push((Input::Tick, clock));
            let u = engine.nlu().classify(&l.text);
            *s.intents.entry(u.intent.as_str().to_string()).or_default() += 1;
            let user = l.user.clone().unwrap_or_else(|| format!("replay-{run_id}-{n}"));
            let channel = l.channel.clone().unwrap_or_else(|| "replay".to_string());
            batch.push((Input::Customer(Inbound { channel, user, msg_id: None, text: l.text.clone() }), clock));
        }
        for outs in engine.handle_batch(batch)? {
            for o in outs {
                *s.outputs.entry(o.kind.as_str().to_string()).or_default() += 1;
                if o.kind == OutputKind::Ack {
                    if let Some(id) = &o.ticket {
                        let kind = id.kind().map(|k| k.as_str()).unwrap_or("?");
                        *s.tickets.entry(kind.to_string()).or_default() += 1;
                        if let Some(t) = engine.store().ticket(id)? {
                            if let Some(sev) = t.severity {
                                *s.complaints_by_severity.entry(sev.to_string()).or_default() += 1;
                            }
                        }
                    }
                }
            }
        }
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    s.seconds = began.elapsed().as_secs_f64();
    s.msgs_per_s = s.messages as f64 / s.seconds.max(1e-9);
    Ok(s)
}

fn read(path: &Path) -> anyhow::Result<Vec<Line>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for (i, l) in text.lines().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        let line: Line = serde_json::from_str(l).with_context(|| format!("{}:{}: not a message line", path.display(), i + 1))?;
        out.push(line);
    }
    Ok(out)
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "replayed {} messages in {:.2} s ({:.0} messages/s)", self.messages, self.seconds, self.msgs_per_s)?;
        let row = |f: &mut std::fmt::Formatter<'_>, title: &str, m: &BTreeMap<String, usize>| -> std::fmt::Result {
            let parts: Vec<String> = m.iter().map(|(k, v)| format!("{k} {v}")).collect();
            writeln!(f, "{title:<22}{}", if parts.is_empty() { "none".to_string() } else { parts.join(", ") })
        };
        row(f, "intents:", &self.intents)?;
        row(f, "tickets opened:", &self.tickets)?;
        row(f, "complaint severity:", &self.complaints_by_severity)?;
        row(f, "outputs:", &self.outputs)
    }
}
