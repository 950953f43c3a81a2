//! The bot's proposed complaint severity (PROCEDURES §3.1): the highest
//! matching criterion wins; a human confirms S2/S3 later. Keyword cues come
//! from the intents files; amounts, repeats and grade from the ticket.

use super::{Grade, Severity};
use crate::config::SeverityCfg;
use crate::nlu::Cue;

/// What severity rules look at.
pub struct Facts<'a> {
    pub cues: &'a [Cue],
    pub amount: Option<f64>,
    /// Normalised customer text, for the staff-misconduct words.
    pub text: &'a str,
    pub grade: Grade,
    /// Earlier complaints of this customer inside the repeat window.
    pub earlier_complaints: u32,
}

/// Proposed severity and the reasons, e.g. `["safety", "amount>=10000"]`.
pub fn propose(f: &Facts, cfg: &SeverityCfg) -> (Severity, Vec<String>) {
    let mut s3 = Vec::new();
    let mut s2 = Vec::new();
    for c in f.cues {
        match c {
            Cue::Safety => s3.push("safety".to_string()),
            Cue::Media => s3.push("media".to_string()),
            Cue::Legal => s3.push("legal".to_string()),
            Cue::Regulator => s3.push("regulator".to_string()),
            Cue::Group => s3.push("group".to_string()),
            Cue::Repeat => s2.push("repeat".to_string()),
            Cue::Manager => s2.push("refuses_l1".to_string()),
            Cue::Amount | Cue::Anger => {}
        }
    }
    if let Some(a) = f.amount {
        if a >= cfg.s3_amount {
            s3.push(format!("amount>={}", cfg.s3_amount));
        } else if a >= cfg.s2_amount {
            s2.push(format!("amount>={}", cfg.s2_amount));
        }
    }
    if f.earlier_complaints + 1 >= cfg.s3_repeat_count {
        s3.push(format!("complaint_no_{}_in_window", f.earlier_complaints + 1));
    } else if f.earlier_complaints > 0 {
        s2.push("repeat_customer".to_string());
    }
    if f.grade == Grade::G3 {
        s2.push("vip".to_string());
    }
    if cfg.s2_words.iter().any(|w| f.text.contains(&w.to_lowercase())) {
        s2.push("staff_misconduct".to_string());
    }
    if !s3.is_empty() {
        (Severity::S3, s3)
    } else if !s2.is_empty() {
        (Severity::S2, s2)
    } else {
        (Severity::S1, Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn facts<'a>(cues: &'a [Cue], amount: Option<f64>, text: &'a str) -> Facts<'a> {
        Facts { cues, amount, text, grade: Grade::G1, earlier_complaints: 0 }
    }

    #[test]
    fn highest_criterion_wins() {
        let cfg = Config::embedded().severity;
        assert_eq!(propose(&facts(&[], None, "slow delivery"), &cfg).0, Severity::S1);
        assert_eq!(propose(&facts(&[], Some(1500.0), ""), &cfg).0, Severity::S2);
        assert_eq!(propose(&facts(&[Cue::Repeat], Some(20000.0), ""), &cfg).0, Severity::S3);
        assert_eq!(propose(&facts(&[Cue::Safety], None, ""), &cfg).1, vec!["safety"]);
        assert_eq!(propose(&facts(&[], None, "客服态度恶劣"), &cfg).0, Severity::S2);
        let vip = Facts { grade: Grade::G3, ..facts(&[], None, "") };
        assert_eq!(propose(&vip, &cfg).0, Severity::S2);
        let third = Facts { earlier_complaints: 2, ..facts(&[], None, "") };
        assert_eq!(propose(&third, &cfg).0, Severity::S3);
    }
}
