//! Typed configuration, validated at load.
//!
//! The default (`config/kefu.toml`) is compiled in; a user's file is merged
//! over it key by key, so a site config holds only what it changes. Every
//! error names the file, the key path and what is wrong: a support team
//! finds a typo at start, not when the first S3 complaint arrives.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer};

use crate::domain::span::Span;
use crate::nlu::Lang;

pub const DEFAULT_TOML: &str = include_str!("../config/kefu.toml");

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{file}: cannot read: {reason}")]
    Read { file: String, reason: String },
    #[error("{file}: not valid TOML: {message}")]
    Syntax { file: String, message: String },
    #[error("{file}: key `{key}`: {message}")]
    Key { file: String, key: String, message: String },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub general: General,
    pub calendar: CalendarCfg,
    pub nlu: NluCfg,
    pub kb: KbCfg,
    pub intake: IntakeCfg,
    pub severity: SeverityCfg,
    pub complaint: ComplaintCfg,
    pub repair: RepairCfg,
    pub inquiry: InquiryCfg,
    pub escalation: EscalationCfg,
    pub grades: GradesCfg,
    pub survey: SurveyCfg,
    pub return_visit: ReturnVisitCfg,
    #[serde(default)]
    pub agents: Vec<AgentCfg>,
    #[serde(default)]
    pub customers: Vec<CustomerCfg>,
    pub remedies: Vec<Choice>,
    pub visit_windows: Vec<Choice>,
    pub fields: BTreeMap<String, Bilingual>,
    pub templates: Templates,
    /// Knowledge-base articles (`[[articles]]`).
    #[serde(default)]
    pub articles: Vec<Article>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct General {
    pub data_dir: PathBuf,
    pub store_cache_mb: u64,
    pub timezone: TzName,
    pub default_lang: LangName,
    pub intents_dir: PathBuf,
    pub hotline: String,
    pub emergency: String,
}

#[derive(Debug, Clone, Copy)]
pub struct TzName(pub Tz);
impl<'de> Deserialize<'de> for TzName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Tz::from_str(&s)
            .map(TzName)
            .map_err(|_| serde::de::Error::custom(format!("unknown time zone {s:?} (use an IANA name such as Asia/Shanghai)")))
    }
}

#[derive(Debug, Clone, Copy)]
pub struct LangName(pub Lang);
impl<'de> Deserialize<'de> for LangName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Lang::parse(&s)
            .map(LangName)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown language {s:?} (zh or en)")))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarCfg {
    pub work_days: Vec<DayName>,
    pub work_start: Clock,
    pub work_end: Clock,
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Copy)]
pub struct DayName(pub Weekday);
impl<'de> Deserialize<'de> for DayName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Weekday::from_str(&s)
            .map(DayName)
            .map_err(|_| serde::de::Error::custom(format!("unknown weekday {s:?} (mon, tue, ...)")))
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Clock(pub NaiveTime);
impl<'de> Deserialize<'de> for Clock {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        NaiveTime::parse_from_str(&s, "%H:%M")
            .map(Clock)
            .map_err(|_| serde::de::Error::custom(format!("not a time of day {s:?} (HH:MM)")))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NluCfg {
    pub min_confidence: f32,
    pub min_margin: f32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KbCfg {
    pub answer_threshold: f32,
    pub suggest_threshold: f32,
    pub max_suggestions: usize,
    pub failed_answers_handoff: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub id: String,
    pub title_zh: String,
    pub title_en: String,
    pub keywords_zh: BTreeMap<String, f32>,
    pub keywords_en: BTreeMap<String, f32>,
    pub answer_zh: String,
    pub answer_en: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntakeCfg {
    pub remind_after: Span,
    pub expire_after: Span,
    pub complaint: Vec<String>,
    /// Asked instead of `complaint` when the complaint carries S3 cues.
    pub complaint_urgent: Vec<String>,
    pub repair: Vec<String>,
    pub inquiry: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityCfg {
    pub s2_amount: f64,
    pub s3_amount: f64,
    pub repeat_window: Span,
    pub s3_repeat_count: u32,
    pub group_min: u32,
    #[serde(default)]
    pub s2_words: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplaintCfg {
    pub s1: Milestones,
    pub s2: Milestones,
    pub s3: Milestones,
}

/// Deadlines of one complaint severity (PROCEDURES §3.2).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestones {
    pub first_response: Span,
    #[serde(default)]
    pub manager_notice: Option<Span>,
    #[serde(default)]
    pub director_notice: Option<Span>,
    #[serde(default)]
    pub containment: Option<Span>,
    pub investigation: Span,
    pub solution: Span,
    #[serde(default)]
    pub final_solution: Option<Span>,
    pub close: Span,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepairCfg {
    pub dispatch: Span,
    pub warranty_months: u32,
    pub no_proof_extra_months: u32,
    pub parts_wait: Span,
    pub acceptance_silence: Span,
    pub acceptance_question: Span,
    pub return_visit: Span,
    pub county_words: Vec<String>,
    #[serde(default)]
    pub county_weak_words: Vec<String>,
    #[serde(default)]
    pub urban_words: Vec<String>,
    pub remote_words: Vec<String>,
    pub urban: AreaLimits,
    pub county: AreaLimits,
    pub remote: AreaLimits,
    pub send_in: SendIn,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaLimits {
    pub contact: Span,
    #[serde(default)]
    pub vip_contact: Option<Span>,
    pub arrive: Span,
    #[serde(default)]
    pub vip_arrive: Option<Span>,
    pub finish: Span,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendIn {
    pub finish: Span,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InquiryCfg {
    pub human_first_response: Span,
    pub human_reply_gap: Span,
    pub email_first_reply: Span,
    pub email_resolve: Span,
    pub queue_update_every: Span,
    pub offer_message_after: Span,
    pub minutes_per_waiting: u32,
    pub idle_close: Span,
    pub message_idle_close: Span,
    pub callback_within: Span,
    pub return_visit_rate: f64,
    pub return_visit_within: Span,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationCfg {
    pub warn_at: f64,
    pub max_rejections: u32,
    pub reopen_window: Span,
    pub waiting_for_customer_max: Span,
    pub l1_comp_limit: f64,
    pub l2_comp_limit: f64,
    pub l3_comp_limit: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradesCfg {
    pub g2_factor: f64,
    pub g3_factor: f64,
    pub g3_share: f64,
    pub g2_share: f64,
    pub priority_s1: u32,
    pub priority_s2: u32,
    pub priority_s3: u32,
    pub priority_g2: u32,
    pub priority_g3: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyCfg {
    pub reminder_after: Span,
    pub expire_after: Span,
    pub reopen_at_or_below: u8,
    pub attitude_review_at_or_below: u8,
    pub agent_coaching_below: f64,
    pub agent_review_below: f64,
    pub team_target: f64,
    pub index_target: f64,
    pub weights: BTreeMap<String, f64>,
    pub repair_weights: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnVisitCfg {
    pub complaint_within: Span,
    pub s3_within: Span,
    pub repair_within: Span,
    pub attempts: u32,
    pub repair_person_share: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentCfg {
    pub name: String,
    #[serde(default)]
    pub display: Option<String>,
    pub level: u8,
    #[serde(default = "default_capacity")]
    pub capacity: u32,
    #[serde(default)]
    pub skills: Vec<String>,
    #[serde(default)]
    pub lang: Option<LangName>,
}
fn default_capacity() -> u32 {
    5
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerCfg {
    pub id: String,
    pub grade: crate::domain::Grade,
}

/// A value the customer can pick, with the words that pick it from free text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub zh: String,
    pub en: String,
    #[serde(default)]
    pub words: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bilingual {
    pub zh: String,
    pub en: String,
}
impl Bilingual {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Templates {
    pub zh: BTreeMap<String, String>,
    pub en: BTreeMap<String, String>,
}

impl Templates {
    /// The template `key` in `lang` with `{name}` placeholders filled.
    /// Keys are checked at load, so a missing one is a programming error;
    /// it renders as the key rather than panicking in front of a customer.
    pub fn render(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        let table = match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        };
        let Some(t) = table.get(key) else { return key.to_string() };
        // An empty value ("Hello {name}," with no name) must not leave "Hello ,".
        fill(t, args).replace(" ,", ",").replace("  ", " ")
    }
}

/// Replace `{name}` placeholders; unknown ones stay as written.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Templates the engine uses; both languages must have every one.
pub const TEMPLATE_KEYS: &[&str] = &[
    "greeting", "thanks_reply", "goodbye", "chitchat", "ack", "ack_repair", "ack_inquiry", "ask_first",
    "ask_field", "ask_again", "noted", "cancelled", "nothing_to_cancel", "clarify", "choice_complaint",
    "choice_repair", "choice_inquiry", "choice_human", "answer_helpful", "yes", "no", "helpful_thanks",
    "not_helpful", "suggest", "no_answer", "queued", "after_hours", "card", "card_missing", "remind",
    "expired", "empty", "too_long", "not_understood", "ticket_status", "ticket_not_found",
    "agent_unknown_command", "agent_queue_empty", "agent_queue", "not_an_agent", "kind_complaint",
    "kind_repair", "kind_inquiry", "area_urban", "area_county", "area_remote", "none", "ack_partial",
    "left_queue", "queued_closed", "safety_notice", "urgent_after_hours", "queue_offer", "leave_message_button",
    "left_message", "status_owner",
];

/// Placeholders a template may use (PROCEDURES §10 and kefu's own).
pub const PLACEHOLDERS: &[&str] = &[
    "name", "ticket", "time", "field", "n", "minutes", "agent", "role", "kind", "level", "reason", "issue", "action",
    "prevent", "solution", "hotline", "hours", "emergency", "area", "severity", "customer", "summary", "deadline",
    "fields", "status", "owner", "list",
];

/// Templates that must name the ticket: a customer keeps the number.
const NEEDS_TICKET: &[&str] = &["ack", "ack_repair", "ack_inquiry", "ack_partial", "after_hours", "queued_closed", "card", "urgent_after_hours", "left_message"];

/// Field names intake can ask for.
pub const FIELD_KEYS: &[&str] = &[
    "description", "product", "identifier", "date", "wants", "name", "phone", "fault", "model", "serial",
    "purchase_date", "address", "visit_window", "question",
];

impl Config {
    /// The compiled-in default.
    pub fn embedded() -> Config {
        Self::from_layers(&[("config/kefu.toml (embedded)", DEFAULT_TOML)])
            .expect("the embedded config is valid (tested)")
    }

    /// The default with `path` merged over it.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read { file: file.clone(), reason: e.to_string() })?;
        Self::from_layers(&[("config/kefu.toml (embedded)", DEFAULT_TOML), (&file, &text)])
    }

    /// Merge TOML layers in order, then type-check and validate. Errors are
    /// attributed to the last layer that set the offending key.
    pub fn from_layers(layers: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let mut merged = toml::Table::new();
        let mut owner: Vec<(String, String)> = Vec::new(); // (key path, file)
        for (file, text) in layers {
            let table: toml::Table = toml::from_str(text)
                .map_err(|e| ConfigError::Syntax { file: file.to_string(), message: e.to_string().trim_end().to_string() })?;
            collect_paths(&toml::Value::Table(table.clone()), "", file, &mut owner);
            merge(&mut merged, table);
        }
        let file_of = |key: &str| -> String {
            owner
                .iter()
                .rev()
                .find(|(k, _)| key == k || key.starts_with(&format!("{k}.")) || k.starts_with(&format!("{key}.")))
                .map(|(_, f)| f.clone())
                .unwrap_or_else(|| layers.last().map(|l| l.0.to_string()).unwrap_or_default())
        };
        let value = toml::Value::Table(merged);
        let cfg: Config = serde_path_to_error::deserialize(value).map_err(|e| {
            let key = e.path().to_string();
            ConfigError::Key { file: file_of(&key), message: e.inner().message().to_string(), key }
        })?;
        cfg.validate().map_err(|(key, message)| ConfigError::Key { file: file_of(&key), key, message })?;
        Ok(cfg)
    }

    fn validate(&self) -> Result<(), (String, String)> {
        let err = |k: &str, m: String| Err((k.to_string(), m));
        let c = &self.calendar;
        if c.work_days.is_empty() {
            return err("calendar.work_days", "at least one working day is needed".into());
        }
        if c.work_start.0 >= c.work_end.0 {
            return err("calendar.work_end", "must be later than calendar.work_start".into());
        }
        for (k, v) in [("nlu.min_confidence", self.nlu.min_confidence), ("nlu.min_margin", self.nlu.min_margin)] {
            if !(0.0..=1.0).contains(&v) {
                return err(k, format!("must be between 0 and 1, not {v}"));
            }
        }
        let kb = &self.kb;
        if !(0.0..=1.0).contains(&kb.answer_threshold) || !(0.0..=1.0).contains(&kb.suggest_threshold) {
            return err("kb.answer_threshold", "thresholds must be between 0 and 1".into());
        }
        if kb.suggest_threshold > kb.answer_threshold {
            return err("kb.suggest_threshold", "must not exceed kb.answer_threshold".into());
        }
        for (i, a) in self.articles.iter().enumerate() {
            for (w, v) in a.keywords_zh.iter().chain(a.keywords_en.iter()) {
                if !(*v > 0.0 && *v <= 1.0) {
                    return err(&format!("articles[{i}].keywords.{w}"), format!("weight must be in (0, 1], not {v}"));
                }
            }
        }
        for (kind, fields) in [
            ("complaint", &self.intake.complaint),
            ("complaint_urgent", &self.intake.complaint_urgent),
            ("repair", &self.intake.repair),
            ("inquiry", &self.intake.inquiry),
        ] {
            for f in fields {
                if !FIELD_KEYS.contains(&f.as_str()) {
                    return err(&format!("intake.{kind}"), format!("unknown field {f:?} (known: {})", FIELD_KEYS.join(", ")));
                }
            }
        }
        for f in FIELD_KEYS {
            if !self.fields.contains_key(*f) {
                return err(&format!("fields.{f}"), "missing: every field needs a zh and en name".into());
            }
        }
        let s = &self.severity;
        if !(s.s2_amount > 0.0 && s.s3_amount > s.s2_amount) {
            return err("severity.s3_amount", "must be greater than severity.s2_amount, both positive".into());
        }
        for (k, v) in [("grades.g2_factor", self.grades.g2_factor), ("grades.g3_factor", self.grades.g3_factor)] {
            if !(v > 0.0 && v <= 1.0) {
                return err(k, format!("must be in (0, 1]: grades only tighten deadlines, not {v}"));
            }
        }
        if !(0.0..=1.0).contains(&self.escalation.warn_at) {
            return err("escalation.warn_at", "must be between 0 and 1".into());
        }
        for (k, w) in [("survey.weights", &self.survey.weights), ("survey.repair_weights", &self.survey.repair_weights)] {
            let sum: f64 = w.values().sum();
            if (sum - 1.0).abs() > 1e-6 {
                return err(k, format!("weights must add up to 1, they add up to {sum}"));
            }
        }
        let mut names = std::collections::HashSet::new();
        for (i, a) in self.agents.iter().enumerate() {
            if !(1..=4).contains(&a.level) {
                return err(&format!("agents[{i}].level"), format!("must be 1 to 4, not {}", a.level));
            }
            if !valid_party_name(&a.name) {
                return err(&format!("agents[{i}].name"), format!("{:?}: letters, digits, _ and - only", a.name));
            }
            if !names.insert(a.name.as_str()) {
                return err(&format!("agents[{i}].name"), format!("{:?} is configured twice", a.name));
            }
        }
        for key in TEMPLATE_KEYS {
            for (lang, t) in [("zh", &self.templates.zh), ("en", &self.templates.en)] {
                if !t.contains_key(*key) {
                    return err(&format!("templates.{lang}.{key}"), "missing: every text must exist in zh and en".into());
                }
            }
        }
        for (lang, t) in [("zh", &self.templates.zh), ("en", &self.templates.en)] {
            for (k, text) in t {
                let key = format!("templates.{lang}.{k}");
                if !TEMPLATE_KEYS.contains(&k.as_str()) {
                    return err(&key, "unknown template (a typo?)".into());
                }
                for p in placeholders(text) {
                    if !PLACEHOLDERS.contains(&p) {
                        return err(&key, format!("unknown placeholder {{{p}}} (known: {})", PLACEHOLDERS.join(", ")));
                    }
                }
                if NEEDS_TICKET.contains(&k.as_str()) && !placeholders(text).contains(&"ticket") {
                    return err(&key, "must contain {ticket}: the customer needs the number".into());
                }
            }
        }
        if self.remedies.is_empty() {
            return err("remedies", "at least one remedy is needed".into());
        }
        if self.visit_windows.is_empty() {
            return err("visit_windows", "at least one visit window is needed".into());
        }
        Ok(())
    }

    pub fn tz(&self) -> Tz {
        self.general.timezone.0
    }

    pub fn agent(&self, name: &str) -> Option<&AgentCfg> {
        self.agents.iter().find(|a| a.name == name)
    }

    pub fn field_name(&self, field: &str, lang: Lang) -> String {
        self.fields.get(field).map(|b| b.get(lang).to_string()).unwrap_or_else(|| field.to_string())
    }
}

/// The `{name}` placeholders of a template.
fn placeholders(t: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = t;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j) => {
                out.push(&after[..j]);
                rest = &after[j + 1..];
            }
            None => break,
        }
    }
    out
}

/// Agent and scenario party names: `[A-Za-z0-9_-]+`.
pub fn valid_party_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn collect_paths(v: &toml::Value, prefix: &str, file: &str, out: &mut Vec<(String, String)>) {
    if let toml::Value::Table(t) = v {
        for (k, v) in t {
            let p = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
            out.push((p.clone(), file.to_string()));
            collect_paths(v, &p, file, out);
        }
    }
}

/// Deep-merge `over` into `base`: tables merge, everything else (arrays included) replaces.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}
