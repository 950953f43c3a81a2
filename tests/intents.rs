//! Intent understanding through the public API: the shipped rule files,
//! negation, entities, cues, odd input, and (ignored) the dev-set report.

use kefu::nlu::eval::{evaluate, read_jsonl};
use kefu::nlu::{Intent, Lang, Nlu};
use std::path::PathBuf;

fn dev_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/intents")
}

#[test]
fn every_example_classifies_as_its_intent() {
    let nlu = Nlu::embedded();
    let ex = nlu.examples();
    for lang in [Lang::Zh, Lang::En] {
        for intent in Intent::ALL {
            let n = ex.iter().filter(|(i, l, _)| *i == intent && *l == lang).count();
            assert!(n >= 25, "{intent:?}/{lang:?} has only {n} examples");
        }
    }
    let wrong: Vec<String> = ex
        .iter()
        .filter_map(|(i, l, t)| {
            let u = nlu.classify(t);
            (u.intent != *i || u.lang != *l).then(|| format!("{i:?}/{l:?} -> {:?}/{:?} {:.2} {t} {:?}", u.intent, u.lang, u.confidence, u.matched))
        })
        .collect();
    assert!(wrong.is_empty(), "{} examples misclassified:\n{}", wrong.len(), wrong.join("\n"));
}

/// `cargo test --release --test intents -- --ignored --nocapture`
#[test]
#[ignore]
fn dev_report() {
    let nlu = Nlu::embedded();
    for f in ["dev_zh.jsonl", "dev_en.jsonl"] {
        let p = dev_dir().join(f);
        if !p.exists() {
            eprintln!("{} not found, skipping", p.display());
            continue;
        }
        let rows = read_jsonl(&p).unwrap();
        let r = evaluate(&nlu, &rows);
        println!("== {f}\n{r}");
        if std::env::var("SHOW_ERRORS").is_ok() {
            for row in &rows {
                let u = nlu.classify(&row.text);
                if u.intent != row.intent {
                    println!("  {:?} -> {:?} {:.2} | {} | {:?}", row.intent, u.intent, u.confidence, row.text, u.matched);
                }
            }
        }
    }
}
