//! Small pure helpers the engine phrases outputs with.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use regex::Regex;
use std::sync::OnceLock;

use crate::domain::conversation::Button;
use crate::domain::TicketId;
use crate::nlu::{normalize, Lang};

/// The button a typed reply picks: its number ("2", "２") or its label.
pub fn pending_choice(pending: &[Button], text: &str) -> Option<String> {
    if pending.is_empty() {
        return None;
    }
    let t = normalize(text);
    let t = t.trim().trim_end_matches(['.', '。', '!', '！']);
    if let Ok(n) = t.parse::<usize>() {
        return pending.get(n.checked_sub(1)?).map(|b| b.value.clone());
    }
    pending.iter().find(|b| normalize(&b.label) == t).map(|b| b.value.clone())
}

/// A ticket number in the text ("C-20261207-0001"), if any.
pub fn ticket_mention(text: &str) -> Option<TicketId> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"(?i)(?-u:\b)([CRQ])\s*[-－—]\s*(\d{8})\s*[-－—]\s*(\d{4,6})(?-u:\b)").expect("valid regex"));
    let text = normalize(text); // "Ｃ－２０２６…" is typed too
    let c = re.captures(&text)?;
    TicketId::parse(&format!("{}-{}-{}", &c[1], &c[2], &c[3]))
}

/// Which small-talk reply fits a message the classifier called "other".
pub fn small_talk(text: &str) -> Option<&'static str> {
    let t = normalize(text);
    let has = |words: &[&str]| words.iter().any(|w| word_in(&t, w));
    if has(&["谢谢", "感谢", "多谢", "谢啦", "thank", "thanks", "thx", "appreciate"]) {
        Some("thanks_reply")
    } else if has(&["再见", "拜拜", "bye", "goodbye", "see you"]) {
        Some("goodbye")
    } else if has(&["你好", "您好", "在吗", "在不在", "哈喽", "嗨", "hi", "hello", "hey", "good morning", "good afternoon", "good evening"]) {
        Some("greeting")
    } else {
        None
    }
}

/// `w` in normalised `t`; an ASCII word only on word boundaries.
pub fn word_in(t: &str, w: &str) -> bool {
    if !w.is_ascii() {
        return t.contains(w);
    }
    t.match_indices(w).any(|(i, _)| {
        let before = t[..i].chars().next_back();
        let after = t[i + w.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphabetic()) && !after.is_some_and(|c| c.is_ascii_alphabetic())
    })
}

/// A deadline as a customer reads it, in the configured time zone.
pub fn when(t: DateTime<Utc>, tz: Tz, lang: Lang) -> String {
    let l = t.with_timezone(&tz);
    match lang {
        Lang::Zh => format!("{}年{}月{}日 {}", l.year(), l.month(), l.day(), l.format("%H:%M")),
        Lang::En => l.format("%-d %b %Y %H:%M").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_choices_and_ticket_numbers() {
        let b = vec![Button::new("投诉", "intent:complaint"), Button::new("Ask a question", "intent:inquiry")];
        assert_eq!(pending_choice(&b, "1").as_deref(), Some("intent:complaint"));
        assert_eq!(pending_choice(&b, "ask a question").as_deref(), Some("intent:inquiry"));
        assert_eq!(pending_choice(&b, "9"), None);
        assert_eq!(pending_choice(&b, "0"), None);
        assert_eq!(ticket_mention("查一下 c-20261207-0003 的进度").unwrap().0, "C-20261207-0003");
        assert_eq!(ticket_mention("订单 20261207"), None);
        assert_eq!(small_talk("this is broken"), None);
        assert_eq!(small_talk("谢谢你"), Some("thanks_reply"));
    }
}
