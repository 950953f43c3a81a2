//! A bad config fails at start with the file, the key and what is wrong.

use kefu::config::Config;

fn load(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("site.toml");
    std::fs::write(&p, text).unwrap();
    match Config::load(&p) {
        Ok(_) => "ok".into(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn the_embedded_default_is_valid_and_has_the_demo_agents() {
    let c = Config::embedded();
    let agents: Vec<(&str, u8)> = c.agents.iter().map(|a| (a.name.as_str(), a.level)).collect();
    assert_eq!(agents, vec![("ana", 1), ("ben", 1), ("lei", 2), ("min", 3), ("zhou", 4)]);
    assert_eq!(c.general.timezone.0, chrono_tz::Asia::Shanghai);
    assert_eq!(c.general.data_dir, std::path::PathBuf::from("./kefu-data"));
    assert!(c.articles.len() >= 5);
}

#[test]
fn a_site_file_overrides_only_what_it_sets() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("site.toml");
    std::fs::write(&p, "[general]\ntimezone = \"Europe/Berlin\"\n[complaint.s1]\nfirst_response = \"8h\"\n").unwrap();
    let c = Config::load(&p).unwrap();
    assert_eq!(c.general.timezone.0, chrono_tz::Europe::Berlin);
    assert_eq!(c.complaint.s1.first_response, "8h".parse().unwrap());
    assert_eq!(c.complaint.s2.first_response, "12h".parse().unwrap());
}

#[test]
fn errors_name_file_key_and_problem() {
    let e = load("[general]\ntimezon = \"Asia/Shanghai\"\n");
    assert!(e.contains("site.toml") && e.contains("general") && e.contains("timezon"), "{e}");
    let e = load("[complaint.s1]\nfirst_response = 24\n");
    assert!(e.contains("site.toml") && e.contains("complaint.s1.first_response"), "{e}");
    let e = load("[complaint.s1]\nfirst_response = \"soon\"\n");
    assert!(e.contains("complaint.s1.first_response") && e.contains("soon"), "{e}");
    let e = load("[calendar]\nwork_start = \"18:00\"\nwork_end = \"09:00\"\n");
    assert!(e.contains("site.toml") && e.contains("calendar.work_end"), "{e}");
    let e = load("[general]\ntimezone = \"Mars/Olympus\"\n");
    assert!(e.contains("general.timezone") && e.contains("Mars/Olympus"), "{e}");
    let e = load("[grades]\ng3_factor = 1.5\n");
    assert!(e.contains("grades.g3_factor"), "{e}");
    let e = load("[[agents]]\nname = \"x\"\nlevel = 7\n");
    assert!(e.contains("agents[0].level"), "{e}");
    let e = load("[templates.en]\nack = \"hi {ticket}\"\nackk = \"typo\"\n");
    assert!(e.contains("templates.en.ackk"), "{e}");
    let e = load("this is = not toml ]");
    assert!(e.contains("site.toml") && e.contains("TOML"), "{e}");
    let e = load("[survey.weights]\nspeed = 0.5\n");
    assert!(e.contains("survey.weights"), "{e}");
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let e = Config::load(std::path::Path::new("/nonexistent/kefu.toml")).unwrap_err().to_string();
    assert!(e.contains("/nonexistent/kefu.toml") && e.contains("cannot read"), "{e}");
}

#[test]
fn templates_are_checked_for_placeholders() {
    let e = load("[templates.zh]\nack = \"您好{nam}，单号{ticket}\"\n");
    assert!(e.contains("templates.zh.ack") && e.contains("{nam}"), "{e}");
    let e = load("[templates.en]\nack = \"Hello {name}, you're registered.\"\n");
    assert!(e.contains("templates.en.ack") && e.contains("{ticket}"), "{e}");
    let e = load("[intake]\ncomplaint_urgent = [\"name\", \"shoe_size\"]\n");
    assert!(e.contains("intake.complaint_urgent") && e.contains("shoe_size"), "{e}");
}

#[test]
fn toml_syntax_errors_give_the_line() {
    let e = load("[general]\ntimezone = \"Asia/Shanghai\"\n[broken\n");
    assert!(e.contains("site.toml") && e.contains("line 3"), "{e}");
}
