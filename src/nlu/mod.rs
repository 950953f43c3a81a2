//! Understanding a customer message: intent, confidence, language,
//! entities, severity cues, dialogue acts.
//!
//! The rules are data (`intents/*.toml`, embedded in the binary and
//! reloadable from a directory); this module compiles them into a handful of
//! automata and scores a message in one pass each:
//!
//! 1. [`normalize`] the text (NFKC, case, width, spaces);
//! 2. keywords of all intents, both languages, in one Aho-Corasick pass,
//!    leftmost-longest, with negation ("不投诉", "not broken") and English
//!    typos (edit distance 1);
//! 3. weighted regex patterns in one `RegexSet` pass;
//! 4. scores -> confidence ([`Nlu::classify`] explains the formula);
//! 5. cues, hand-over words, yes/no/cancel, entities.
//!
//! Module map: `normalize` (text), `lexicon` (keyword automata, negation,
//! typos), `rules` (file format, validation), `entities` (extractors),
//! `eval` (accuracy reports).

mod entities;
pub mod eval;
mod lexicon;
mod normalize;
mod rules;

use regex::{Regex, RegexSet};

use std::collections::HashMap;
use std::path::Path;

use lexicon::{Hit, Lexicon, Negation, Typos};
pub use normalize::{detect_lang, normalize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Intent {
    Complaint,
    Repair,
    Inquiry,
    Other,
}

impl Intent {
    /// In tie-break order: with equal scores the earlier one wins, because
    /// missing a complaint costs more than over-serving an inquiry.
    pub const ALL: [Intent; 4] = [Intent::Complaint, Intent::Repair, Intent::Inquiry, Intent::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Intent::Complaint => "complaint",
            Intent::Repair => "repair",
            Intent::Inquiry => "inquiry",
            Intent::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Intent> {
        Intent::ALL.into_iter().find(|i| i.as_str().eq_ignore_ascii_case(s.trim()))
    }

    fn idx(self) -> usize {
        self as usize
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh_cn" | "cn" | "chinese" | "中文" => Some(Lang::Zh),
            "en" | "en-us" | "en_us" | "en-gb" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Severity cues of PROCEDURES §3.1 plus dialogue cues.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cue {
    Safety,
    Media,
    Legal,
    Regulator,
    Group,
    Amount,
    Repeat,
    Manager,
    Anger,
}

pub(crate) fn cue_from_str(s: &str) -> Option<Cue> {
    Some(match s {
        "safety" => Cue::Safety,
        "media" => Cue::Media,
        "legal" => Cue::Legal,
        "regulator" => Cue::Regulator,
        "group" => Cue::Group,
        "amount" => Cue::Amount,
        "repeat" => Cue::Repeat,
        "manager" => Cue::Manager,
        "anger" => Cue::Anger,
        _ => return None,
    })
}

/// Short dialogue replies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Act {
    Yes,
    No,
    Cancel,
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entities {
    pub order_no: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
    /// Canonical product name, in the language of the message.
    pub product: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    pub amount: Option<f64>,
    /// ISO `YYYY-MM-DD` when the date is complete, else the phrase as written.
    pub date: Option<String>,
    pub address: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Scored {
    pub intent: Intent,
    pub confidence: f32,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Understanding {
    pub intent: Intent,
    pub confidence: f32,
    pub runner_up: Option<Scored>,
    pub lang: Lang,
    pub entities: Entities,
    pub cues: Vec<Cue>,
    /// Asked for a person (人工, agent, human...) or for a manager.
    pub wants_human: bool,
    pub act: Option<Act>,
    /// Names of the rules that fired, `intent.lang.group(word)`; negated
    /// ones are prefixed with `!`, typo matches end in `~`.
    pub matched: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum NluError {
    #[error("{file}: cannot read: {message}")]
    Io { file: String, message: String },
    #[error("{file}: missing rule file")]
    Missing { file: String },
    #[error("{file}: line {line} column {column}: {message} (at `{key}`)")]
    Parse { file: String, line: usize, column: usize, key: String, message: String },
    #[error("{file}: {key}: {problem}")]
    Invalid { file: String, key: String, problem: String },
}

impl NluError {
    fn in_dir(self, dir: &Path) -> NluError {
        let p = |f: String| dir.join(f).display().to_string();
        match self {
            NluError::Missing { file } => NluError::Missing { file: p(file) },
            NluError::Parse { file, line, column, key, message } => NluError::Parse { file: p(file), line, column, key, message },
            NluError::Invalid { file, key, problem } => NluError::Invalid { file: p(file), key, problem },
            e @ NluError::Io { .. } => e,
        }
    }
}

/// One weighted keyword of one intent.
struct KwEntry {
    intent: Intent,
    weight: f32,
    negatable: bool,
    framing: bool,
    conditional: bool,
    /// `intent.lang.group(word)`, precomputed for `matched`.
    label: String,
}

struct PatEntry {
    intent: Intent,
    weight: f32,
    label: String,
}

#[derive(Clone, Copy)]
enum CueKind {
    Cue(Cue),
    Human,
}

/// The compiled rules. Cheap to share (`&Nlu` is all `classify` needs).
pub struct Nlu {
    keywords: Lexicon<KwEntry>,
    typos: Typos,
    negation: Negation,
    /// per-intent negation phrases
    neg_phrases: Lexicon<Intent>,
    patterns: RegexSet,
    pattern_meta: Vec<PatEntry>,
    cues: Lexicon<CueKind>,
    cue_patterns: Vec<(Cue, Regex)>,
    acts: HashMap<String, Act>,
    act_prefixes: Lexicon<Act>,
    extractor: entities::Extractor,
    examples: Vec<(Intent, Lang, String)>,
    field_labels: Vec<String>,
    cue_windows: (usize, usize),
    cue_evidence: Vec<(Cue, f32)>,
    framing: (f32, f32),
}

/// Evidence (sum of weights) at which confidence reaches 1 - 1/e ≈ 0.63.
const EVIDENCE_SCALE: f32 = 2.0;
/// Weight factor for a keyword found only through a typo.
const TYPO_FACTOR: f32 = 0.8;

impl Nlu {
    /// The shipped rules (`intents/` embedded at compile time). Never fails:
    /// a test guarantees the embedded files are valid.
    pub fn embedded() -> Nlu {
        Nlu::from_files(&rules::embedded_files()).expect("embedded intents/ files are valid (see tests/intents.rs)")
    }

    /// Rules from a directory holding complaint.toml, repair.toml,
    /// inquiry.toml, other.toml and entities.toml.
    pub fn load_dir(dir: &Path) -> Result<Nlu, NluError> {
        let files = rules::read_dir(dir)?;
        Nlu::from_files(&files).map_err(|e| e.in_dir(dir))
    }

    fn from_files(files: &[(String, String)]) -> Result<Nlu, NluError> {
        let set = rules::parse(files)?;
        let mut kw = Vec::new();
        let mut negs = Vec::new();
        let mut pats = Vec::new();
        let mut pattern_meta = Vec::new();
        let mut examples = Vec::new();
        for (intent, file) in &set.intents {
            for (lang, r) in [(Lang::Zh, &file.zh), (Lang::En, &file.en)] {
                for g in &r.keywords {
                    for w in &g.words {
                        let label = format!("{}.{}.{}({})", intent.as_str(), lang.as_str(), g.name, w);
                        kw.push((w.clone(), KwEntry { intent: *intent, weight: g.weight, negatable: g.negatable, framing: g.framing, conditional: g.conditional, label }));
                    }
                }
                for p in &r.patterns {
                    pats.push(ascii_word_boundaries(&p.re));
                    pattern_meta.push(PatEntry { intent: *intent, weight: p.weight, label: format!("{}.{}.re.{}", intent.as_str(), lang.as_str(), p.name) });
                }
                negs.extend(r.negations.iter().map(|n| (n.clone(), *intent)));
            }
            examples.extend(file.examples.zh.iter().map(|e| (*intent, Lang::Zh, e.clone())));
            examples.extend(file.examples.en.iter().map(|e| (*intent, Lang::En, e.clone())));
        }
        // A generous lazy-DFA cache: the set has many `.{0,25}` gaps and a
        // small cache makes the engine thrash and fall back (3x slower).
        let patterns = regex::RegexSetBuilder::new(&pats).dfa_size_limit(64 << 20).size_limit(64 << 20).build().map_err(|e| NluError::Invalid {
            file: "intents".into(),
            key: "patterns".into(),
            problem: e.to_string(),
        })?;
        let keywords = Lexicon::build(kw);
        let ent = &set.entities;
        let typos = Typos::build(&keywords, ent.typo.min_len, &ent.typo.exempt);
        let n = &ent.negation;
        let negation = Negation::new(&n.zh, &n.zh_exceptions, &n.en, n.zh_window, n.en_window);

        let mut cue_words = Vec::new();
        let mut cue_patterns = Vec::new();
        for (name, c) in &ent.cues {
            let cue = cue_from_str(name).expect("validated");
            cue_words.extend(c.zh.iter().chain(&c.en).map(|w| (w.clone(), CueKind::Cue(cue))));
            for p in &c.patterns {
                cue_patterns.push((cue, Regex::new(p).expect("validated")));
            }
        }
        cue_words.extend(ent.human.zh.iter().chain(&ent.human.en).map(|w| (w.clone(), CueKind::Human)));

        let mut acts = HashMap::new();
        let mut act_words = Vec::new();
        // cancel first: "不用了" must not read as "不" (no)
        for (act, list) in [(Act::Cancel, &ent.acts.cancel), (Act::No, &ent.acts.no), (Act::Yes, &ent.acts.yes)] {
            for w in list.zh.iter().chain(&list.en) {
                let w = normalize(w);
                acts.entry(w.clone()).or_insert(act);
                act_words.push((w, act));
            }
        }
        let products = Lexicon::build(ent.products.iter().flat_map(|p| {
            let canon = (p.zh.clone(), p.en.clone());
            [p.zh.clone(), p.en.clone()].into_iter().chain(p.aliases.iter().cloned()).map(move |a| (a, canon.clone()))
        }));
        Ok(Nlu {
            keywords,
            typos,
            negation,
            neg_phrases: Lexicon::build(negs),
            patterns,
            pattern_meta,
            cues: Lexicon::build(cue_words),
            cue_patterns,
            acts,
            act_prefixes: Lexicon::build(act_words),
            extractor: entities::Extractor::new(products),
            examples,
            field_labels: ent.field_labels.iter().map(|w| normalize(w)).collect(),
            cue_windows: (ent.negation.cue_zh_window, ent.negation.cue_en_window),
            cue_evidence: ent.cue_evidence.iter().map(|(k, w)| (cue_from_str(k).expect("validated"), *w)).collect(),
            framing: (ent.framing.min_task, ent.framing.factor),
        })
    }

    /// The example utterances of the rule files.
    pub fn examples(&self) -> Vec<(Intent, Lang, String)> {
        self.examples.clone()
    }

    /// Understand one message. Never panics.
    ///
    /// Confidence: with `s` the evidence (summed weights) per intent, the top
    /// intent gets `(1 - e^(-s_top/2)) * sqrt(s_top / Σs)`: the first factor
    /// says "is there enough evidence at all" (one strong keyword, weight 3,
    /// gives 0.78), the second "is it this intent rather than another" (two
    /// intents with equal evidence both get ~0.7 of that). Text with no
    /// evidence is `Other` with confidence 0, so the bot asks instead of
    /// guessing.
    pub fn classify(&self, text: &str) -> Understanding {
        let (cased, lower) = normalize::normalize_pair(text);
        let lang = detect_lang(&lower);
        let mut scores = [0f32; 4];
        // The part of each score that is social framing (greetings, thanks),
        // and the part from conditional topic words.
        let mut framing = [0f32; 4];
        let mut conditional = [0f32; 4];
        let mut matched = Vec::new();
        let mut hits: Vec<Hit> = Vec::new();

        // Negation phrases: each cancels its intent from its start to the
        // end of its clause.
        self.neg_phrases.find(&lower, &mut hits);
        let mut cancelled: Vec<(Intent, usize, usize)> = Vec::new();
        for h in &hits {
            let end = clause_end(&lower, h.end);
            for &i in &self.neg_phrases.payload[h.id as usize] {
                cancelled.push((i, h.start, end));
                matched.push(format!("{}.negation({})", i.as_str(), &lower[h.start..h.end]));
            }
        }
        let is_cancelled = |i: Intent, s: usize, e: usize| cancelled.iter().any(|&(ci, cs, ce)| ci == i && s < ce && e > cs);

        // Keywords.
        self.keywords.find(&lower, &mut hits);
        let mut seen: Vec<u32> = Vec::with_capacity(hits.len());
        let mut floor = 0;
        let mut covered: Vec<(usize, usize)> = Vec::with_capacity(hits.len());
        for h in &hits {
            covered.push((h.start, h.end));
            if self.is_field_label(&lower, h) {
                matched.push(format!("label({})", &lower[h.start..h.end]));
            } else {
                self.score_hit(&lower, *h, floor, 1.0, "", &is_cancelled, &mut seen, &mut scores, &mut framing, &mut conditional, &mut matched);
            }
            floor = h.end;
        }

        // English typos, on words no keyword covered.
        let mut buf = String::new();
        let mut floor = 0;
        for (s, e) in ascii_words(&lower) {
            if e - s < self.typos.min_len || covered.iter().any(|&(cs, ce)| s < ce && e > cs) {
                if let Some(&(_, ce)) = covered.iter().find(|&&(cs, ce)| s < ce && e > cs) {
                    floor = ce;
                }
                continue;
            }
            if let Some(id) = self.typos.lookup(&lower[s..e], &mut buf) {
                self.score_hit(&lower, Hit { start: s, end: e, id }, floor, TYPO_FACTOR, "~", &is_cancelled, &mut seen, &mut scores, &mut framing, &mut conditional, &mut matched);
                floor = e;
            }
        }

        // Patterns.
        if !self.pattern_meta.is_empty() {
            for i in self.patterns.matches(&lower).iter() {
                let p = &self.pattern_meta[i];
                scores[p.intent.idx()] += p.weight;
                matched.push(p.label.clone());
            }
        }

        // Cues and hand-over.
        let mut cues = Vec::new();
        let mut wants_human = false;
        self.cues.find(&lower, &mut hits);
        // A denial governs the rest of its clause: "不会去找媒体曝光", "not
        // going to sue or go to the media".
        let mut denied_until = 0;
        for h in &hits {
            let word = &self.cues.words[h.id as usize];
            let negated = h.start < denied_until || self.negation.negated_cue(&lower, h.start, word, self.cue_windows.0, self.cue_windows.1);
            if negated {
                // ... up to the clause end or a "but" ("没人受伤，但是热水器炸了").
                let end = clause_end(&lower, h.end);
                let but = [" but ", "但", "可是", "不过", " however"].iter().filter_map(|b| lower[h.end..end].find(b).map(|p| h.end + p)).min();
                denied_until = but.unwrap_or(end);
            }
            for k in &self.cues.payload[h.id as usize] {
                match (*k, negated) {
                    (_, true) => matched.push(format!("!cue({word})")),
                    (CueKind::Cue(c), false) => cues.push(c),
                    (CueKind::Human, false) if asks_for_person(&lower, h.start) => wants_human = true,
                    (CueKind::Human, false) => matched.push(format!("mention({word})")),
                }
            }
        }
        for (c, re) in &self.cue_patterns {
            if !cues.contains(c) && re.is_match(&lower) {
                cues.push(*c);
            }
        }
        let entities = self.extractor.extract(&cased, &lower, lang, &mut hits);
        if entities.amount.is_some() {
            cues.push(Cue::Amount);
        }
        cues.sort_unstable();
        cues.dedup();
        if cues.contains(&Cue::Manager) {
            wants_human = true;
        }
        // Conditional topic words: alone they make a terse request
        // ("shipping to Dublin"); beside another intent's evidence and none
        // of their own, they are just the subject of that other intent.
        let before = scores;
        for (i, c) in conditional.iter().enumerate() {
            let others = before.iter().enumerate().any(|(j, s)| j != i && *s > 0.0);
            if *c > 0.0 && before[i] - c <= 0.0 && others {
                scores[i] -= c;
            }
        }
        // Severity cues (safety, media, legal, ...) define complaint
        // severity: they are evidence of a complaint too.
        for (c, w) in &self.cue_evidence {
            if cues.contains(c) {
                scores[Intent::Complaint.idx()] += w;
                matched.push(format!("complaint.cue({c:?})"));
            }
        }
        // Framing (greetings, thanks, question words) counts for little
        // once another task intent has solid evidence: "hi, my washer
        // leaks" is a repair, "为什么还没发货？都五天了" a complaint.
        // Question form yields only to a grievance (a question about a repair
        // service is still an inquiry); greetings yield to any task.
        let before = scores;
        for (i, f) in framing.iter().enumerate() {
            let rivals: &[usize] = if i == Intent::Inquiry.idx() { &[0] } else { &[0, 1, 2] };
            let other_task = rivals.iter().filter(|&&j| j != i).map(|&j| before[j]).fold(0.0, f32::max);
            if *f > 0.0 && other_task >= self.framing.0 {
                scores[i] -= f * (1.0 - self.framing.1);
            }
        }
        let (intent, confidence, runner_up) = decide(&scores);

        Understanding {
            intent,
            confidence,
            runner_up,
            lang,
            entities,
            cues,
            wants_human,
            act: self.act(&lower, &mut hits),
            matched,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn score_hit(
        &self,
        lower: &str,
        h: Hit,
        floor: usize,
        factor: f32,
        suffix: &str,
        is_cancelled: &dyn Fn(Intent, usize, usize) -> bool,
        seen: &mut Vec<u32>,
        scores: &mut [f32; 4],
        framing: &mut [f32; 4],
        conditional: &mut [f32; 4],
        matched: &mut Vec<String>,
    ) {
        let word = &self.keywords.words[h.id as usize];
        let mut negated = None;
        let mut counted = [false; 4];
        for k in &self.keywords.payload[h.id as usize] {
            // a word listed under both languages of one intent counts once
            if std::mem::replace(&mut counted[k.intent.idx()], true) {
                continue;
            }
            if is_cancelled(k.intent, h.start, h.end) {
                continue;
            }
            if k.negatable && *negated.get_or_insert_with(|| self.negation.negated(lower, floor, h.start, word)) {
                matched.push(format!("!{}", k.label));
                continue;
            }
            if seen.contains(&h.id) && factor == 1.0 {
                continue; // the same word twice counts once
            }
            scores[k.intent.idx()] += k.weight * factor;
            if k.framing {
                framing[k.intent.idx()] += k.weight * factor;
            }
            if k.conditional {
                conditional[k.intent.idx()] += k.weight * factor;
            }
            matched.push(if suffix.is_empty() { k.label.clone() } else { format!("{}{suffix}", k.label) });
        }
        seen.push(h.id);
    }

    /// A keyword that labels the value right after it ("型号XQG100",
    /// "地址：…", "phone +44…"): data, not a question about that topic.
    fn is_field_label(&self, lower: &str, h: &Hit) -> bool {
        let word = &lower[h.start..h.end];
        if !self.field_labels.iter().any(|l| l == word) {
            return false;
        }
        let rest = lower[h.end..].trim_start_matches([' ', '#']);
        match rest.chars().next() {
            Some(':') | Some('：') => true,
            Some(c) => c.is_ascii_digit() || c == '+' || (c.is_ascii_alphabetic() && rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').any(|c| c.is_ascii_digit())),
            None => false,
        }
    }

    /// A short reply that is a yes / no / cancel. Whole-message match, or an
    /// act word followed by punctuation in a message of at most 4 words /
    /// 8 CJK chars ("好的，谢谢", "no, thanks").
    fn act(&self, lower: &str, hits: &mut Vec<Hit>) -> Option<Act> {
        let core = lower.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
        if core.is_empty() {
            return None;
        }
        if let Some(a) = self.acts.get(core) {
            return Some(*a);
        }
        let words = core.split_whitespace().count();
        let cjk = core.chars().filter(|c| normalize::is_cjk(*c)).count();
        if words > 4 || cjk > 8 {
            return None;
        }
        self.act_prefixes.find(core, hits);
        let h = hits.first().filter(|h| h.start == 0)?;
        let next = core[h.end..].chars().next();
        if next.is_some_and(|c| c.is_alphanumeric()) && !next.is_some_and(normalize::is_cjk) {
            return None;
        }
        // CJK act words must be followed by punctuation/space, not more text
        if next.is_some_and(normalize::is_cjk) {
            return None;
        }
        self.act_prefixes.payload[h.id as usize].first().copied()
    }
}

/// A person-word ("agent", "人工", "real person") is a request for one when
/// the message is short ("人工", "human please") or a request verb comes
/// before it in the clause ("我要转人工", "let me talk to an agent"); "your
/// agent was rude" mentions one and asks for nothing.
fn asks_for_person(lower: &str, at: usize) -> bool {
    let core = lower.trim_matches(|c: char| !c.is_alphanumeric());
    let words = core.split_whitespace().count();
    let cjk = core.chars().filter(|c| normalize::is_cjk(*c)).count();
    if (words <= 4 && cjk == 0) || (cjk > 0 && cjk <= 8 && words <= 2) {
        return true;
    }
    let start = lower[..at].rfind(['.', '!', '?', ',', ';', '\n']).map(|p| p + 1).unwrap_or(0);
    let before = &lower[start..at];
    const ZH: &[&str] = &["转", "找", "要", "接", "叫", "换", "联系", "需要", "请", "给我"];
    const EN: &[&str] = &["talk", "speak", "chat", "connect", "transfer", "put me", "get me", "give me", "want", "need", "reach", "contact", "call", "let me", "can i"];
    ZH.iter().any(|v| before.contains(v))
        || EN.iter().any(|v| before.match_indices(v).any(|(i, _)| !before[..i].ends_with(|c: char| c.is_ascii_alphabetic())))
}

/// Picks the intent and turns evidence into confidences (see `classify`).
fn decide(scores: &[f32; 4]) -> (Intent, f32, Option<Scored>) {
    let s: Vec<f32> = scores.iter().map(|v| v.max(0.0)).collect();
    let total: f32 = s.iter().sum();
    let mut order: Vec<usize> = (0..4).collect();
    order.sort_by(|&a, &b| s[b].partial_cmp(&s[a]).unwrap_or(std::cmp::Ordering::Equal).then(a.cmp(&b)));
    if total <= 0.0 {
        return (Intent::Other, 0.0, None);
    }
    let conf = |v: f32| ((1.0 - (-v / EVIDENCE_SCALE).exp()) * (v / total).sqrt()).clamp(0.0, 1.0);
    let top = order[0];
    let second = order[1];
    let runner_up = (s[second] > 0.0).then(|| Scored { intent: Intent::ALL[second], confidence: conf(s[second]) });
    (Intent::ALL[top], conf(s[top]), runner_up)
}

/// `\b` -> `(?-u:\b)`: an ASCII word boundary. English words are ASCII
/// anyway, and a Unicode `\b` makes the regex engine leave its fast DFA on
/// Chinese text (a 4x slowdown measured on the dev set).
fn ascii_word_boundaries(re: &str) -> String {
    let mut out = String::with_capacity(re.len() + 16);
    let mut chars = re.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('b') => out.push_str("(?-u:\\b)"),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Byte offset where the clause containing `from` ends.
fn clause_end(text: &str, from: usize) -> usize {
    text[from..].find([',', '.', ';', '!', '?', '\n']).map(|p| from + p).unwrap_or(text.len())
}

/// Byte ranges of runs of ASCII letters/apostrophes.
fn ascii_words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() && !b[i].is_ascii_lowercase() {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let s = i;
        while i < b.len() && b[i].is_ascii_lowercase() {
            i += 1;
        }
        // a word glued to digits ("x200") is an identifier, not a typo
        if (s > 0 && b[s - 1].is_ascii_digit()) || (i < b.len() && b[i].is_ascii_digit()) {
            return Some((s, s));
        }
        Some((s, i))
    })
}
