//! The on-disk format of `intents/*.toml` and its validation.
//!
//! The files are meant for an operations person: one file per intent, words
//! grouped by weight, regexes only where words are not enough. Every
//! structure denies unknown keys so a typo ("kewords") is an error naming
//! the file and the key instead of a silently ignored rule.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

use super::{Intent, NluError};

/// The shipped rule files, embedded so the binary works from any directory.
pub(crate) const EMBEDDED: [(&str, &str); 5] = [
    ("complaint.toml", include_str!("../../intents/complaint.toml")),
    ("repair.toml", include_str!("../../intents/repair.toml")),
    ("inquiry.toml", include_str!("../../intents/inquiry.toml")),
    ("other.toml", include_str!("../../intents/other.toml")),
    ("entities.toml", include_str!("../../intents/entities.toml")),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct IntentFile {
    pub intent: String,
    #[serde(default)]
    pub zh: LangRules,
    #[serde(default)]
    pub en: LangRules,
    #[serde(default)]
    pub examples: WordList,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LangRules {
    #[serde(default)]
    pub keywords: Vec<KeywordGroup>,
    #[serde(default)]
    pub patterns: Vec<PatternRule>,
    /// Phrases that cancel this intent's keywords overlapping them or
    /// following them in the same clause ("nothing wrong with", "没什么问题").
    #[serde(default)]
    pub negations: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct KeywordGroup {
    pub name: String,
    pub weight: f32,
    pub words: Vec<String>,
    /// false: a negator before the word does not cancel it (greetings...).
    #[serde(default = "yes")]
    pub negatable: bool,
    /// Social framing (greetings, thanks, goodbyes): scaled down when the
    /// message also carries a request (see `[framing]` in entities.toml).
    #[serde(default)]
    pub framing: bool,
    /// Topic words that count only when other evidence for the same intent
    /// is present: "delivery fee" is an inquiry when asked about, the
    /// subject of a grievance otherwise.
    #[serde(default)]
    pub conditional: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PatternRule {
    pub name: String,
    pub weight: f32,
    pub re: String,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EntitiesFile {
    pub negation: NegationRules,
    #[serde(default)]
    pub typo: TypoRules,
    #[serde(default)]
    pub products: Vec<Product>,
    #[serde(default)]
    pub cues: BTreeMap<String, CueRules>,
    #[serde(default)]
    pub human: WordList,
    #[serde(default)]
    pub acts: Acts,
    /// Words that label a value ("型号", "address"): followed by the value
    /// they are data, not evidence for any intent.
    #[serde(default)]
    pub field_labels: Vec<String>,
    /// Complaint evidence each severity cue adds (cue name -> weight).
    #[serde(default)]
    pub cue_evidence: BTreeMap<String, f32>,
    #[serde(default)]
    pub framing: Framing,
}

/// Greetings and thanks around a request are framing: when a task intent
/// has at least `min_task` evidence, the evidence of `framing` keyword
/// groups is scaled by `factor`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Framing {
    pub min_task: f32,
    pub factor: f32,
}
impl Default for Framing {
    fn default() -> Self {
        Framing { min_task: f32::INFINITY, factor: 1.0 }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NegationRules {
    pub zh: Vec<String>,
    #[serde(default)]
    pub zh_exceptions: Vec<String>,
    pub en: Vec<String>,
    #[serde(default = "zh_window")]
    pub zh_window: usize,
    #[serde(default = "en_window")]
    pub en_window: usize,
    /// Wider windows for severity cues, searched back to the clause start.
    #[serde(default = "cue_zh_window")]
    pub cue_zh_window: usize,
    #[serde(default = "cue_en_window")]
    pub cue_en_window: usize,
}
fn cue_zh_window() -> usize {
    4
}
fn cue_en_window() -> usize {
    8
}
fn zh_window() -> usize {
    3
}
fn en_window() -> usize {
    3
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TypoRules {
    #[serde(default = "min_len")]
    pub min_len: usize,
    #[serde(default)]
    pub exempt: Vec<String>,
}
fn min_len() -> usize {
    5
}
impl Default for TypoRules {
    fn default() -> Self {
        TypoRules { min_len: 5, exempt: Vec::new() }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Product {
    pub zh: String,
    pub en: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CueRules {
    #[serde(default)]
    pub zh: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WordList {
    #[serde(default)]
    pub zh: Vec<String>,
    #[serde(default)]
    pub en: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Acts {
    #[serde(default)]
    pub yes: WordList,
    #[serde(default)]
    pub no: WordList,
    #[serde(default)]
    pub cancel: WordList,
}

/// The five files, parsed and checked.
pub(crate) struct RuleSet {
    pub intents: Vec<(Intent, IntentFile)>,
    pub entities: EntitiesFile,
}

/// Parse and validate the files given as `(file name, contents)`.
pub(crate) fn parse(files: &[(String, String)]) -> Result<RuleSet, NluError> {
    let get = |name: &str| -> Result<&String, NluError> {
        files.iter().find(|(n, _)| n == name).map(|(_, c)| c).ok_or_else(|| NluError::Missing { file: name.to_string() })
    };
    let mut intents = Vec::new();
    for intent in Intent::ALL {
        let file = format!("{}.toml", intent.as_str());
        let text = get(&file)?;
        let parsed: IntentFile = toml::from_str(text).map_err(|e| parse_error(&file, text, &e))?;
        if Intent::parse(&parsed.intent) != Some(intent) {
            return Err(NluError::Invalid {
                file,
                key: "intent".into(),
                problem: format!("is {:?}, must be {:?} (the file name)", parsed.intent, intent.as_str()),
            });
        }
        for (lang, rules) in [("zh", &parsed.zh), ("en", &parsed.en)] {
            check_lang(&file, lang, rules)?;
        }
        intents.push((intent, parsed));
    }
    let file = "entities.toml".to_string();
    let text = get(&file)?;
    let entities: EntitiesFile = toml::from_str(text).map_err(|e| parse_error(&file, text, &e))?;
    for (name, cue) in &entities.cues {
        if super::cue_from_str(name).is_none() {
            return Err(NluError::Invalid {
                file,
                key: format!("cues.{name}"),
                problem: "unknown cue (safety, media, legal, regulator, group, amount, repeat, manager, anger)".into(),
            });
        }
        for (i, p) in cue.patterns.iter().enumerate() {
            if let Err(e) = regex::Regex::new(p) {
                return Err(NluError::Invalid { file, key: format!("cues.{name}.patterns[{i}]"), problem: format!("bad regex: {e}") });
            }
        }
    }
    for (name, w) in &entities.cue_evidence {
        if super::cue_from_str(name).is_none() {
            return Err(NluError::Invalid { file, key: format!("cue_evidence.{name}"), problem: "unknown cue".into() });
        }
        check_weight(*w).map_err(|p| NluError::Invalid { file: file.clone(), key: format!("cue_evidence.{name}"), problem: p })?;
    }
    if !(0.0..=1.0).contains(&entities.framing.factor) {
        return Err(NluError::Invalid { file, key: "framing.factor".into(), problem: "must be between 0 and 1".into() });
    }
    if entities.typo.min_len < 4 {
        return Err(NluError::Invalid { file, key: "typo.min_len".into(), problem: "must be at least 4".into() });
    }
    Ok(RuleSet { intents, entities })
}

fn check_lang(file: &str, lang: &str, r: &LangRules) -> Result<(), NluError> {
    let bad = |key: String, problem: String| NluError::Invalid { file: file.to_string(), key, problem };
    for (i, g) in r.keywords.iter().enumerate() {
        let key = format!("{lang}.keywords[{i}] ({})", g.name);
        check_weight(g.weight).map_err(|p| bad(format!("{key}.weight"), p))?;
        if g.words.iter().any(|w| super::normalize(w).trim_end_matches('*').is_empty()) {
            return Err(bad(format!("{key}.words"), "contains an empty word".into()));
        }
    }
    for (i, p) in r.patterns.iter().enumerate() {
        let key = format!("{lang}.patterns[{i}] ({})", p.name);
        check_weight(p.weight).map_err(|e| bad(format!("{key}.weight"), e))?;
        regex::Regex::new(&p.re).map_err(|e| bad(format!("{key}.re"), format!("bad regex: {e}")))?;
    }
    Ok(())
}

fn check_weight(w: f32) -> Result<(), String> {
    if !w.is_finite() || w == 0.0 || w.abs() > 10.0 {
        Err(format!("{w} is not a weight: use a non-zero number between -10 and 10"))
    } else {
        Ok(())
    }
}

fn parse_error(file: &str, text: &str, e: &toml::de::Error) -> NluError {
    let (line, col) = e
        .span()
        .map(|s| {
            let before = &text[..s.start.min(text.len())];
            (before.matches('\n').count() + 1, before.rsplit('\n').next().map(|l| l.chars().count() + 1).unwrap_or(1))
        })
        .unwrap_or((0, 0));
    let key = e
        .span()
        .and_then(|s| text.get(s.clone()))
        .map(|k| k.trim().chars().take(40).collect::<String>())
        .unwrap_or_default();
    NluError::Parse { file: file.to_string(), line, column: col, key, message: e.message().to_string() }
}

/// Read the five files from a directory.
pub(crate) fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, NluError> {
    let mut out = Vec::new();
    for (name, _) in EMBEDDED {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| NluError::Io { file: path.display().to_string(), message: e.to_string() })?;
        out.push((name.to_string(), text));
    }
    Ok(out)
}

pub(crate) fn embedded_files() -> Vec<(String, String)> {
    EMBEDDED.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect()
}
