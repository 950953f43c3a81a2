//! Text normalisation and language detection.
//!
//! Everything the NLU matches runs on normalised text, so a keyword written
//! once in `intents/` matches full-width, upper-case, oddly spaced input.
//! The entity extractor also needs the *original casing* ("Ann Lee",
//! "KF-35GW"), so [`normalize_pair`] returns a cased and a lower-cased string
//! with identical byte offsets: a regex run on the lower-cased text can be
//! sliced out of the cased one.

use super::Lang;
use unicode_normalization::UnicodeNormalization;

/// NFKC, lower case, full-width -> half-width, control characters removed,
/// whitespace collapsed to single spaces and trimmed. Curly quotes become
/// ASCII quotes and the ideographic full stop / enumeration comma become
/// `.` / `,` so English and Chinese punctuation behave alike.
///
/// The lead reuses this for knowledge-base matching.
pub fn normalize(text: &str) -> String {
    normalize_pair(text).1
}

/// Returns `(cased, lowered)`: both normalised, differing only in letter
/// case, with the same byte length and char boundaries.
pub fn normalize_pair(text: &str) -> (String, String) {
    let mut cased = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut push = |c: char, cased: &mut String| {
        if c.is_whitespace() || c.is_control() || is_invisible(c) {
            // Control characters and zero-width marks behave as separators.
            if !cased.is_empty() && !c_is_zero_width(c) {
                pending_space = true;
            }
            return;
        }
        let c = map_punct(c);
        if pending_space {
            cased.push(' ');
            pending_space = false;
        }
        cased.push(c);
    };
    if text.is_ascii() {
        for c in text.chars() {
            push(c, &mut cased);
        }
    } else {
        for c in text.nfkc() {
            push(c, &mut cased);
        }
    }
    let lowered: String = cased.chars().map(lower_same_len).collect();
    debug_assert_eq!(cased.len(), lowered.len());
    (cased, lowered)
}

/// Lower-cases `c` only when the result is a single char of the same UTF-8
/// length, which keeps byte offsets of cased and lowered text aligned.
fn lower_same_len(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

fn map_punct(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' => '"',
        '\u{3002}' | '\u{FF61}' => '.',
        '\u{3001}' => ',',
        '\u{3000}' => ' ',
        _ => c,
    }
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

fn c_is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// CJK ideographs (incl. extension A and compatibility ideographs).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2A6DF}')
}

/// `Zh` when CJK ideographs are a meaningful share of the text: at least
/// one ideograph per two Latin words ("我的iPhone坏了" is zh, "I bought a
/// 空调 yesterday" is en). Text without letters of either kind is `En`.
pub fn detect_lang(text: &str) -> Lang {
    let mut cjk = 0usize;
    let mut latin_words = 0usize;
    let mut in_word = false;
    for c in text.chars() {
        if is_cjk(c) {
            cjk += 1;
            in_word = false;
        } else if c.is_alphabetic() && !c.is_numeric() {
            if !in_word {
                latin_words += 1;
                in_word = true;
            }
        } else {
            in_word = false;
        }
    }
    if cjk > 0 && cjk >= 2 * latin_words {
        Lang::Zh
    } else {
        Lang::En
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_width_case_space_control() {
        assert_eq!(normalize("  ＨＥＬＬＯ\u{0007}  Ｗｏｒｌｄ！ "), "hello world!");
        assert_eq!(normalize("你好？我的订单。"), "你好?我的订单.");
        assert_eq!(normalize("don’t"), "don't");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn pair_offsets_align() {
        let (c, l) = normalize_pair("My Name is ÅNN İstanbul ＫＦ-35ＧＷ");
        assert_eq!(c.len(), l.len());
        assert!(l.contains("kf-35gw"));
    }

    #[test]
    fn lang() {
        assert_eq!(detect_lang("我的iPhone坏了"), Lang::Zh);
        assert_eq!(detect_lang("my phone is broken"), Lang::En);
        assert_eq!(detect_lang("I bought a 空调 yesterday and it broke"), Lang::En);
        assert_eq!(detect_lang("🙂🙂"), Lang::En);
    }
}
