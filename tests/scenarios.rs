//! Runs every `tests/scenarios/*.scn` through `kefu sim` (the real binary,
//! a fresh store each), failing with the scenario's own message: the line
//! and what was expected. Scenarios are the readable spec of behaviour.

use std::path::{Path, PathBuf};
use std::process::Command;

fn kefu() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kefu"));
    // Scenarios run on the embedded config and the project's intents.
    c.current_dir(env!("CARGO_MANIFEST_DIR")).env_remove("KEFU_CONFIG");
    c
}

fn scenarios() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "scn")).collect();
    v.sort();
    v
}

#[test]
fn every_scenario_passes() {
    let all = scenarios();
    assert!(all.len() >= 10, "scenarios missing: {all:?}");
    let mut failed = Vec::new();
    for path in &all {
        let out = kefu().arg("sim").arg(path).output().unwrap();
        if !out.status.success() {
            failed.push(format!("{}\n{}", path.display(), String::from_utf8_lossy(&out.stderr)));
            continue;
        }
        // Every transcript line is a JSON object with the documented keys.
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{}: bad line {line}: {e}", path.display()));
            for k in ["at", "to", "role", "kind", "ticket", "text", "buttons"] {
                assert!(v.get(k).is_some(), "{}: {k} missing in {line}", path.display());
            }
            chrono::DateTime::parse_from_rfc3339(v["at"].as_str().unwrap()).unwrap();
        }
    }
    assert!(failed.is_empty(), "{} scenario(s) failed:\n{}", failed.len(), failed.join("\n"));
}

#[test]
fn a_malformed_line_stops_the_run_with_its_number() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.scn");
    std::fs::write(&p, "at 2026-12-07 10:00\nwang: 你好\nthis is not a directive\nwang: 再见\n").unwrap();
    let out = kefu().arg("sim").arg(&p).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.scn:3"), "{err}");
    // Nothing ran: the file is checked before the first line runs.
    assert!(out.stdout.is_empty());
}

#[test]
fn a_failed_expectation_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("fail.scn");
    std::fs::write(&p, "at 2026-12-07 10:00\nwang: 你好\n? wang ack\n").unwrap();
    let out = kefu().arg("sim").arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("fail.scn:3") && err.contains("expected ack"), "{err}");
}

#[test]
fn time_never_goes_back() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("back.scn");
    std::fs::write(&p, "at 2026-12-07 10:00\nat 2026-12-07 09:00\n").unwrap();
    let out = kefu().arg("sim").arg(&p).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("back.scn:2"));
}

#[test]
fn sim_with_data_keeps_the_store_for_kefu_tickets() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let p = dir.path().join("one.scn");
    std::fs::write(&p, "at 2026-12-07 10:00\nwang: 转人工\n").unwrap();
    let out = kefu().arg("sim").arg(&p).arg("--data").arg(&data).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = kefu().args(["tickets", "--json", "--data"]).arg(&data).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let t = &v.as_array().unwrap()[0];
    assert_eq!(t["id"], "Q-20261207-0001");
    for k in ["id", "kind", "status", "severity", "level", "owner", "customer", "channel", "fields", "history"] {
        assert!(t.get(k).is_some(), "{k} missing");
    }
    let h = &t["history"][0];
    assert!(h.get("at").is_some() && h.get("event").is_some() && h.get("by").is_some());
    // The numbering continues across runs: the next ticket that day is 0002.
    let p2 = dir.path().join("two.scn");
    std::fs::write(&p2, "at 2026-12-07 11:00\nli: 转人工\n").unwrap();
    let out = kefu().arg("sim").arg(&p2).arg("--data").arg(&data).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Q-20261207-0002"), "{stdout}");
}

#[test]
fn reading_commands_refuse_a_missing_data_dir() {
    let out = kefu().args(["tickets", "--data", "/nonexistent/kefu-data"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no kefu data"));
    assert!(!std::path::Path::new("/nonexistent/kefu-data").exists());
}

#[test]
fn replay_uses_a_scratch_store_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let out = kefu().current_dir(dir.path()).args(["replay", "--json"]).arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("config/sample-messages.jsonl")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["messages"], 40);
    assert!(v["msgs_per_s"].as_f64().unwrap() > 0.0);
    assert!(v["tickets"].as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum::<u64>() > 0);
    assert!(!dir.path().join("kefu-data").exists(), "replay wrote to the live store");
}

#[test]
fn replay_follows_users_and_times() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"text": "我要报修", "user": "wu", "at": "2025-03-01T10:00:00+08:00"}"#, "\n",
            r#"{"text": "冰箱不制冷了", "user": "wu", "at": "2025-03-05T10:00:00+08:00"}"#, "\n",
            r#"{"text": "转人工", "user": "li", "at": "2025-03-05T10:01:00+08:00"}"#, "\n",
        ),
    )
    .unwrap();
    let data = dir.path().join("data");
    let out = kefu().args(["replay", "--json", "--data"]).arg(&data).arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // wu's first form expired during the four days (timers fire at their time), then wu started again.
    assert_eq!(v["outputs"]["expired"], 1, "{v}");
    assert_eq!(v["outputs"]["ask"], 2, "{v}");
    let out = kefu().args(["tickets", "--json", "--data"]).arg(&data).output().unwrap();
    let t: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(t[0]["id"], "Q-20250305-0001", "numbered by the line's own date");
}

#[test]
fn the_readme_scenario_example_runs() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("```text\n# comments and blank lines").expect("the README has the scenario example") + "```text\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("readme.scn");
    std::fs::write(&p, &readme[start..end]).unwrap();
    let out = kefu().arg("sim").arg(&p).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
