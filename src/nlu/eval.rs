//! Accuracy reports over labelled JSONL files (`kefu eval`, tests).
//!
//! One JSON object a line with at least `text` and `intent`; `lang` and
//! `source` are optional and give per-language / per-source accuracy, which
//! matters because each class tends to come from one or two sources.

use anyhow::{bail, Context};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::time::Instant;

use super::{Intent, Lang, Nlu};

#[derive(Clone, Debug)]
pub struct Row {
    pub text: String,
    pub intent: Intent,
    pub lang: Option<Lang>,
    pub source: Option<String>,
}

#[derive(serde::Deserialize)]
struct RawRow {
    text: String,
    intent: String,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

/// Read a JSONL file; blank lines are skipped, a bad line is an error
/// naming the file and line number.
pub fn read_jsonl(path: &Path) -> anyhow::Result<Vec<Row>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let raw: RawRow = serde_json::from_str(line).with_context(|| format!("{}:{}: not a JSON row with text and intent", path.display(), i + 1))?;
        let Some(intent) = Intent::parse(&raw.intent) else {
            bail!("{}:{}: unknown intent {:?} (complaint, repair, inquiry, other)", path.display(), i + 1, raw.intent);
        };
        rows.push(Row { text: raw.text, intent, lang: raw.lang.as_deref().and_then(Lang::parse), source: raw.source });
    }
    Ok(rows)
}

#[derive(Debug, Serialize)]
pub struct Group {
    pub n: usize,
    pub accuracy: f64,
}

#[derive(Debug, Serialize)]
pub struct IntentStats {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub n: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub msgs_per_s: f64,
    pub by_lang: BTreeMap<String, Group>,
    pub by_source: BTreeMap<String, Group>,
    pub per_intent: BTreeMap<String, IntentStats>,
    /// gold -> predicted -> count
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Classify every row and compare with its label. `msgs_per_s` times
/// `classify` alone (entities included) on one thread, repeating the pass
/// until at least 0.2 s have elapsed.
pub fn evaluate(nlu: &Nlu, rows: &[Row]) -> Report {
    let predicted: Vec<Intent> = rows.iter().map(|r| nlu.classify(&r.text).intent).collect();
    let msgs_per_s = if rows.is_empty() {
        0.0
    } else {
        let start = Instant::now();
        let mut n = 0usize;
        while start.elapsed().as_secs_f64() < 0.2 {
            for r in rows {
                std::hint::black_box(nlu.classify(std::hint::black_box(&r.text)));
            }
            n += rows.len();
        }
        n as f64 / start.elapsed().as_secs_f64()
    };
    let mut confusion: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut groups_lang: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut groups_src: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut correct = 0;
    for (r, p) in rows.iter().zip(&predicted) {
        let ok = r.intent == *p;
        correct += ok as usize;
        *confusion.entry(r.intent.as_str().into()).or_default().entry(p.as_str().into()).or_default() += 1;
        let lang = r.lang.unwrap_or_else(|| super::detect_lang(&r.text)).as_str().to_string();
        let g = groups_lang.entry(lang).or_default();
        g.0 += 1;
        g.1 += ok as usize;
        let g = groups_src.entry(r.source.clone().unwrap_or_else(|| "-".into())).or_default();
        g.0 += 1;
        g.1 += ok as usize;
    }
    let mut per_intent = BTreeMap::new();
    let mut f1_sum = 0.0;
    for i in Intent::ALL {
        let tp = rows.iter().zip(&predicted).filter(|(r, p)| r.intent == i && **p == i).count();
        let support = rows.iter().filter(|r| r.intent == i).count();
        let pred = predicted.iter().filter(|p| **p == i).count();
        let (precision, recall) = (ratio(tp, pred), ratio(tp, support));
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        f1_sum += f1;
        per_intent.insert(i.as_str().to_string(), IntentStats { precision, recall, f1, support });
    }
    let to_groups = |m: BTreeMap<String, (usize, usize)>| m.into_iter().map(|(k, (n, ok))| (k, Group { n, accuracy: ratio(ok, n) })).collect();
    Report {
        n: rows.len(),
        accuracy: ratio(correct, rows.len()),
        macro_f1: f1_sum / 4.0,
        msgs_per_s,
        by_lang: to_groups(groups_lang),
        by_source: to_groups(groups_src),
        per_intent,
        confusion,
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "messages   {}", self.n)?;
        writeln!(f, "accuracy   {:.3}", self.accuracy)?;
        writeln!(f, "macro-F1   {:.3}", self.macro_f1)?;
        writeln!(f, "speed      {:.0} msgs/s (one thread)", self.msgs_per_s)?;
        writeln!(f, "\n{:<10} {:>9} {:>9} {:>9} {:>8}", "intent", "precision", "recall", "f1", "support")?;
        for (k, s) in &self.per_intent {
            writeln!(f, "{:<10} {:>9.3} {:>9.3} {:>9.3} {:>8}", k, s.precision, s.recall, s.f1, s.support)?;
        }
        write!(f, "\nconfusion (rows gold, columns predicted)\n{:<10}", "")?;
        for i in Intent::ALL {
            write!(f, " {:>9}", i.as_str())?;
        }
        writeln!(f)?;
        for g in Intent::ALL {
            write!(f, "{:<10}", g.as_str())?;
            for p in Intent::ALL {
                let n = self.confusion.get(g.as_str()).and_then(|m| m.get(p.as_str())).copied().unwrap_or(0);
                write!(f, " {:>9}", n)?;
            }
            writeln!(f)?;
        }
        writeln!(f, "\nby language")?;
        for (k, g) in &self.by_lang {
            writeln!(f, "  {:<16} {:>5}  {:.3}", k, g.n, g.accuracy)?;
        }
        writeln!(f, "by source")?;
        for (k, g) in &self.by_source {
            writeln!(f, "  {:<16} {:>5}  {:.3}", k, g.n, g.accuracy)?;
        }
        Ok(())
    }
}
