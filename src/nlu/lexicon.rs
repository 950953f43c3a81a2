//! Keyword matching: one Aho-Corasick automaton per word list, word
//! boundaries for Latin words, leftmost-longest selection, negation windows
//! and a small deletion dictionary for English typos.
//!
//! Why not regexes for keywords: an operations person adds words, not
//! regexes, and one automaton pass over the text finds all of them at once
//! (hundreds of thousands of messages per second).

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::{HashMap, HashSet};

use super::normalize::is_cjk;

/// A keyword occurrence in the lowered text; `id` indexes the lexicon.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub id: u32,
}

struct WordInfo {
    /// First char is ASCII alphanumeric: needs a boundary before.
    bound_start: bool,
    /// Last char is ASCII alphanumeric and the word is not a `prefix*`.
    bound_end: bool,
}

/// Words (normalised) with a payload each. The same word may carry several
/// payloads (e.g. "退款" weighs for complaint and for inquiry).
pub(crate) struct Lexicon<T> {
    ac: Option<AhoCorasick>,
    info: Vec<WordInfo>,
    pub words: Vec<String>,
    pub payload: Vec<Vec<T>>,
}

impl<T> Lexicon<T> {
    /// `word*` matches any word starting with `word` (English stems such as
    /// `complain*` for complain/complaint/complained).
    pub fn build(entries: impl IntoIterator<Item = (String, T)>) -> Lexicon<T> {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut words = Vec::new();
        let mut info = Vec::new();
        let mut payload: Vec<Vec<T>> = Vec::new();
        for (raw, p) in entries {
            let raw = super::normalize(&raw);
            if raw.is_empty() || raw == "*" {
                continue;
            }
            let i = *index.entry(raw.clone()).or_insert_with(|| {
                let prefix = raw.ends_with('*') && raw.len() > 1;
                let w = if prefix { raw[..raw.len() - 1].to_string() } else { raw.clone() };
                let first = w.chars().next().unwrap_or(' ');
                let last = w.chars().last().unwrap_or(' ');
                info.push(WordInfo {
                    bound_start: first.is_ascii_alphanumeric(),
                    bound_end: last.is_ascii_alphanumeric() && !prefix,
                });
                words.push(w);
                payload.push(Vec::new());
                words.len() - 1
            });
            payload[i].push(p);
        }
        let ac = if words.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&words)
                .or_else(|_| AhoCorasick::builder().match_kind(MatchKind::Standard).build(&words))
                .ok()
        };
        Lexicon { ac, info, words, payload }
    }

    /// All non-overlapping occurrences, leftmost-longest, honouring word
    /// boundaries for Latin words ("hi" does not fire inside "this"). Chosen
    /// after boundary filtering so a rejected short match does not hide a
    /// valid longer one.
    pub fn find(&self, text: &str, out: &mut Vec<Hit>) {
        out.clear();
        let Some(ac) = &self.ac else { return };
        let b = text.as_bytes();
        for m in ac.find_overlapping_iter(text) {
            let (s, e, id) = (m.start(), m.end(), m.pattern().as_usize());
            let inf = &self.info[id];
            if inf.bound_start && s > 0 && b[s - 1].is_ascii_alphanumeric() {
                continue;
            }
            if inf.bound_end && e < b.len() && b[e].is_ascii_alphanumeric() {
                continue;
            }
            out.push(Hit { start: s, end: e, id: id as u32 });
        }
        out.sort_unstable_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut last_end = 0;
        out.retain(|h| {
            if h.start >= last_end {
                last_end = h.end;
                true
            } else {
                false
            }
        });
    }
}

/// Generic negation: a negator shortly before a keyword, inside the same
/// clause and after the previous keyword, cancels it ("不投诉", "没坏",
/// "not going to sue", "no one was hurt"). Keywords that contain their own
/// negation ("不制冷", "not working") are matched whole, leftmost-longest,
/// so they are not affected.
pub(crate) struct Negation {
    zh: Vec<String>,
    zh_exceptions: Vec<String>,
    en: HashSet<String>,
    zh_window: usize,
    en_window: usize,
}

const CLAUSE_BREAKS: &[char] = &[',', '.', ';', '!', '?', ':', '\n', '~', '(', ')', '但', '可', '却'];

impl Negation {
    pub fn new(zh: &[String], zh_exceptions: &[String], en: &[String], zh_window: usize, en_window: usize) -> Negation {
        Negation {
            zh: zh.iter().map(|s| super::normalize(s)).filter(|s| !s.is_empty()).collect(),
            zh_exceptions: zh_exceptions.iter().map(|s| super::normalize(s)).filter(|s| !s.is_empty()).collect(),
            en: en.iter().map(|s| super::normalize(s)).filter(|s| !s.is_empty()).collect(),
            zh_window,
            en_window,
        }
    }

    /// Is the word at `start` negated? `floor` is where the window may
    /// begin at the earliest (end of the previous keyword).
    pub fn negated(&self, text: &str, floor: usize, start: usize, word: &str) -> bool {
        self.negated_in(text, floor, start, word, self.zh_window, self.en_window)
    }

    /// Negation of a severity cue: the whole clause before it counts, with
    /// wider windows ("不会去找媒体", "not going to sue or go to the media"):
    /// wrongly raising a case to S3 costs a director's hour.
    pub fn negated_cue(&self, text: &str, start: usize, word: &str, zh_window: usize, en_window: usize) -> bool {
        // A threat's consequence starts a new scope: in "if nobody fixes it
        // I'll call my lawyer" / "再不解决我就打12315" the negator belongs to
        // the condition, not to the cue.
        const CONSEQUENCE: &[&str] = &[" i'll ", " i will ", " we'll ", " we will ", " then ", "我就", "就要", "不然", "否则"];
        let before = &text[..start];
        let floor = CONSEQUENCE.iter().filter_map(|m| before.rfind(m).map(|p| p + m.len())).max().unwrap_or(0);
        self.negated_in(text, floor, start, word, zh_window, en_window)
    }

    fn negated_in(&self, text: &str, floor: usize, start: usize, word: &str, zh_window: usize, en_window: usize) -> bool {
        let floor = floor.min(start);
        let mut window = &text[floor..start];
        if let Some(p) = window.rfind(CLAUSE_BREAKS) {
            let c = window[p..].chars().next().map(|c| c.len_utf8()).unwrap_or(1);
            window = &window[p + c..];
        }
        // "没有打12315": a digit or Latin word inside Chinese text is negated the Chinese way.
        let zh_context = word.chars().next().is_some_and(is_cjk) || window.trim_end().chars().next_back().is_some_and(is_cjk);
        if zh_context {
            self.negated_zh(text, start - window.len(), window, zh_window)
        } else {
            self.negated_en(window, en_window)
        }
    }

    fn negated_zh(&self, text: &str, wstart: usize, window: &str, zh_window: usize) -> bool {
        // last `zh_window` chars of the window
        let mut cut = window.len();
        for (n, (i, _)) in window.char_indices().rev().enumerate() {
            if n >= zh_window {
                break;
            }
            cut = i;
        }
        let w = &window[cut..];
        let base = wstart + cut;
        for neg in &self.zh {
            for (off, _) in w.match_indices(neg.as_str()) {
                let at = base + off;
                if !self.is_exception(text, at, neg.len()) {
                    return true;
                }
            }
        }
        false
    }

    /// "非常" (very), "无法" (unable), "不断" ... contain a negator char but
    /// do not negate what follows.
    fn is_exception(&self, text: &str, at: usize, len: usize) -> bool {
        for ex in &self.zh_exceptions {
            let lo = floor_char(text, at.saturating_sub(ex.len()));
            let hi = ceil_char(text, (at + len + ex.len()).min(text.len()));
            for (off, _) in text[lo..hi].match_indices(ex.as_str()) {
                let s = lo + off;
                if s <= at && s + ex.len() >= at + len {
                    return true;
                }
            }
        }
        false
    }

    fn negated_en(&self, window: &str, en_window: usize) -> bool {
        let window = match window.rfind(" but ") {
            Some(p) => &window[p + 5..],
            None => window,
        };
        window
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\''))
            .filter(|t| !t.is_empty())
            .rev()
            .take(en_window)
            .any(|t| self.en.contains(t))
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Symmetric-deletion index over single English keywords of at least
/// `min_len` letters: finds words at edit distance 1 (one letter missing,
/// extra, replaced, or two adjacent letters swapped) such as "brokn",
/// "complian", "refnud". The first letter must agree, which removes most
/// false friends.
pub(crate) struct Typos {
    exact: HashMap<String, u32>,
    dels: HashMap<String, Vec<u32>>,
    exempt: HashSet<String>,
    /// every lexicon word, by id
    words: Vec<String>,
    pub min_len: usize,
}

impl Typos {
    pub fn build<T>(lex: &Lexicon<T>, min_len: usize, exempt: &[String]) -> Typos {
        let mut exact = HashMap::new();
        let mut dels: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, w) in lex.words.iter().enumerate() {
            if w.len() < min_len || !w.bytes().all(|b| b.is_ascii_lowercase()) {
                continue;
            }
            exact.insert(w.clone(), i as u32);
            for d in deletions(w) {
                let v = dels.entry(d).or_default();
                if !v.contains(&(i as u32)) {
                    v.push(i as u32);
                }
            }
        }
        Typos { exact, dels, exempt: exempt.iter().map(|s| super::normalize(s)).collect(), words: lex.words.clone(), min_len }
    }

    /// The keyword id a misspelt `token` stands for, if any.
    pub fn lookup(&self, token: &str, buf: &mut String) -> Option<u32> {
        if token.len() < self.min_len || self.exact.contains_key(token) || self.exempt.contains(token) {
            return None;
        }
        let first = token.as_bytes()[0];
        // The first letter must agree, and an inflection ("charged" for
        // "charger", "showed" for "shower": only the last letter differs)
        // is a different word, not a typo.
        let fits = |id: u32| {
            let w = &self.words[id as usize];
            w.as_bytes()[0] == first && edit1(w.as_bytes(), token.as_bytes()) && !inflection(w.as_bytes(), token.as_bytes())
        };
        let pick = |v: &Vec<u32>| v.iter().copied().find(|&id| fits(id));
        // token = keyword minus one letter
        if let Some(id) = self.dels.get(token).and_then(pick) {
            return Some(id);
        }
        for i in 0..token.len() {
            if !token.is_char_boundary(i) || !token.is_char_boundary(i + 1) {
                continue;
            }
            buf.clear();
            buf.push_str(&token[..i]);
            buf.push_str(&token[i + 1..]);
            // token = keyword plus one letter
            if let Some(&id) = self.exact.get(buf.as_str()) {
                if fits(id) {
                    return Some(id);
                }
            }
            // one letter replaced, or two adjacent letters swapped
            if let Some(id) = self.dels.get(buf.as_str()).and_then(pick) {
                return Some(id);
            }
        }
        None
    }
}

/// Damerau distance exactly 1: one insertion, deletion, substitution or
/// adjacent swap. (Matching deletions can also pair words at distance 2.)
fn edit1(a: &[u8], b: &[u8]) -> bool {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if a.len() + 1 == b.len() {
        return a[p..] == b[p + 1..];
    }
    if a.len() != b.len() || p == a.len() {
        return false;
    }
    a[p + 1..] == b[p + 1..] || (p + 1 < a.len() && a[p] == b[p + 1] && a[p + 1] == b[p] && a[p + 2..] == b[p + 2..])
}

/// Two forms of one word rather than a typo: "please"/"pleased",
/// "showed"/"shower", "charged"/"charger".
fn inflection(a: &[u8], b: &[u8]) -> bool {
    let infl = |c: u8| matches!(c, b'd' | b'r' | b's' | b'y');
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() + 1 == long.len() && long.starts_with(short) {
        return infl(long[long.len() - 1]);
    }
    short.len() == long.len()
        && short[..short.len() - 1] == long[..long.len() - 1]
        && infl(short[short.len() - 1])
        && infl(long[long.len() - 1])
}

fn deletions(w: &str) -> impl Iterator<Item = String> + '_ {
    (0..w.len()).map(move |i| {
        let mut s = String::with_capacity(w.len());
        s.push_str(&w[..i]);
        s.push_str(&w[i + 1..]);
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_and_longest() {
        let lex = Lexicon::build(vec![("hi".to_string(), 1), ("working".to_string(), 2), ("not working".to_string(), 3), ("坏".to_string(), 4)]);
        let mut hits = Vec::new();
        lex.find("this is not working", &mut hits);
        assert_eq!(hits.len(), 1);
        assert_eq!(lex.payload[hits[0].id as usize], vec![3]);
        lex.find("iphone坏了 hi", &mut hits);
        assert_eq!(hits.len(), 2);
    }

    #[test]
    fn typos() {
        let lex = Lexicon::build(vec![("broken".to_string(), 1), ("complain".to_string(), 2), ("refund".to_string(), 3)]);
        let t = Typos::build(&lex, 5, &[]);
        let mut b = String::new();
        assert_eq!(t.lookup("brokn", &mut b), Some(0));
        assert_eq!(t.lookup("complian", &mut b), Some(1));
        assert_eq!(t.lookup("refnud", &mut b), Some(2));
        assert_eq!(t.lookup("brokenn", &mut b), Some(0));
        assert_eq!(t.lookup("window", &mut b), None);
    }
}
