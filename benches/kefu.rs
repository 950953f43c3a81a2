//! Benchmarks: classification throughput (one thread), replay through the
//! engine with durable tickets, and memory for 100,000 conversations.
//! Numbers are reported, never asserted in tests.
//!
//!     cargo bench                 # all
//!     cargo bench -- classify     # one group

use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use criterion::{criterion_group, Criterion, Throughput};
use kefu::config::Config;
use kefu::engine::{Engine, Inbound, Input};
use kefu::nlu::Nlu;
use kefu::store::SledStore;

fn messages() -> Vec<String> {
    let nlu = Nlu::embedded();
    let mut v: Vec<String> = nlu.examples().into_iter().map(|(_, _, t)| t).collect();
    for l in include_str!("../config/sample-messages.jsonl").lines() {
        let j: serde_json::Value = serde_json::from_str(l).unwrap();
        v.push(j["text"].as_str().unwrap().to_string());
    }
    v
}

fn classify(c: &mut Criterion) {
    let nlu = Nlu::embedded();
    let msgs = messages();
    let mut g = c.benchmark_group("classify");
    g.throughput(Throughput::Elements(msgs.len() as u64));
    g.bench_function("examples+samples", |b| {
        b.iter(|| {
            for m in &msgs {
                std::hint::black_box(nlu.classify(m));
            }
        })
    });
    g.finish();
}

fn engine(dir: &std::path::Path) -> Engine {
    Engine::new(Config::embedded(), Nlu::embedded(), Box::new(SledStore::open(dir).unwrap()))
}

/// A batch of messages from distinct new customers; a third ask for a
/// person, so each of those registers a durable ticket.
fn batch(msgs: &[String], round: u64, n: usize) -> Vec<(Input, chrono::DateTime<Utc>)> {
    let t0 = chrono_tz::Asia::Shanghai.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).unwrap().with_timezone(&Utc);
    (0..n)
        .map(|i| {
            let text = if i % 3 == 0 { "转人工".to_string() } else { msgs[(round as usize * n + i) % msgs.len()].clone() };
            let input = Input::Customer(Inbound { channel: "bench".into(), user: format!("{round}-{i}"), msg_id: Some(format!("{round}-{i}")), text });
            (input, t0 + Duration::milliseconds(round as i64))
        })
        .collect()
}

/// Run a batch, then let "agents" take every ticket it queued, as a staffed
/// queue would: the queue stays short, as it does in production.
fn run_batch(e: &Engine, inputs: Vec<(Input, chrono::DateTime<Utc>)>) {
    for outs in e.handle_batch(inputs).unwrap() {
        for o in outs {
            if o.kind == kefu::engine::OutputKind::Card {
                if let Some(t) = &o.ticket {
                    e.store().dequeue(t).unwrap();
                }
            }
        }
    }
}

fn replay(c: &mut Criterion) {
    let msgs = messages();
    let dir = tempfile::tempdir().unwrap();
    let e = engine(dir.path());
    let mut round = 0u64;
    let mut g = c.benchmark_group("replay");
    g.throughput(Throughput::Elements(256));
    g.sample_size(30);
    g.bench_function("durable_batch_256", |b| {
        b.iter(|| {
            round += 1;
            run_batch(&e, batch(&msgs, round, 256));
        })
    });
    g.finish();
}

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

fn dir_bytes(p: &std::path::Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| rd.flatten().map(|e| if e.path().is_dir() { dir_bytes(&e.path()) } else { e.metadata().map(|m| m.len()).unwrap_or(0) }).sum())
        .unwrap_or(0)
}

/// Not a criterion bench: one pass that opens 100,000 conversations and
/// reports resident memory and disk use.
fn memory_100k() {
    let msgs = messages();
    let dir = tempfile::tempdir().unwrap();
    let e = engine(dir.path());
    let before = rss_kb();
    let start = Instant::now();
    for round in 0..(100_000 / 250) {
        run_batch(&e, batch(&msgs, 1_000_000 + round, 250));
    }
    let secs = start.elapsed().as_secs_f64();
    let after = rss_kb();
    println!(
        "memory_100k: 100000 conversations ({} tickets) in {:.1} s ({:.0} msgs/s); RSS {} MB -> {} MB (+{} MB); store on disk {} MB",
        e.store().tickets().unwrap().len(),
        secs,
        100_000.0 / secs,
        before / 1024,
        after / 1024,
        after.saturating_sub(before) / 1024,
        dir_bytes(dir.path()) >> 20
    );
}

criterion_group!(benches, classify, replay);

fn main() {
    benches();
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    if filter.is_empty() || filter.iter().any(|f| "memory_100k".contains(f.as_str())) {
        memory_100k();
    }
    Criterion::default().configure_from_args().final_summary();
}
