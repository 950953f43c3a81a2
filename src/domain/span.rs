//! Lengths of time as the procedure writes them: wall-clock (`30m`, `24h`,
//! `7d`) or counted on the business calendar (`2wh`, `3wd`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// Seconds of wall-clock time, or of working time when `working`.
    pub secs: i64,
    pub working: bool,
    /// `wd` spans are converted to working seconds with the calendar's day
    /// length; until then the count of days is kept here.
    pub work_days: Option<i64>,
}

impl Span {
    pub fn wall(secs: i64) -> Span {
        Span { secs, working: false, work_days: None }
    }

    /// The span tightened by a grade factor (0 < factor <= 1).
    pub fn scaled(self, factor: f64) -> Span {
        let secs = (self.secs as f64 * factor).round() as i64;
        let work_days = self.work_days.map(|d| ((d as f64) * factor).ceil() as i64);
        Span { secs, working: self.working, work_days }
    }

    pub fn as_std(self) -> std::time::Duration {
        std::time::Duration::from_secs(self.secs.max(0) as u64)
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
#[error("not a duration {0:?}: write a number and a unit (s, m, h, d, wh, wd), e.g. 90m or 2wd")]
pub struct SpanError(pub String);

impl FromStr for Span {
    type Err = SpanError;
    fn from_str(s: &str) -> Result<Span, SpanError> {
        let t = s.trim();
        let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (num, unit) = t.split_at(digits);
        let n: i64 = num.parse().map_err(|_| SpanError(s.to_string()))?;
        if n > 10_000_000 {
            return Err(SpanError(s.to_string()));
        }
        let span = match unit.trim() {
            "s" => Span::wall(n),
            "m" | "min" => Span::wall(n * 60),
            "h" => Span::wall(n * 3600),
            "d" => Span::wall(n * 86_400),
            "wh" => Span { secs: n * 3600, working: true, work_days: None },
            "wd" => Span { secs: 0, working: true, work_days: Some(n) },
            _ => return Err(SpanError(s.to_string())),
        };
        Ok(span)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(d) = self.work_days {
            return write!(f, "{d}wd");
        }
        let u = if self.working { "wh" } else { "" };
        if self.working {
            return write!(f, "{}{u}", self.secs / 3600);
        }
        match self.secs {
            s if s % 86_400 == 0 && s > 0 => write!(f, "{}d", s / 86_400),
            s if s % 3600 == 0 && s > 0 => write!(f, "{}h", s / 3600),
            s if s % 60 == 0 => write!(f, "{}m", s / 60),
            s => write!(f, "{s}s"),
        }
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn parses_units() {
        assert_eq!("90m".parse::<Span>().unwrap(), Span::wall(5400));
        assert_eq!("3d".parse::<Span>().unwrap(), Span::wall(3 * 86_400));
        assert!("2wh".parse::<Span>().unwrap().working);
        assert_eq!("3wd".parse::<Span>().unwrap().work_days, Some(3));
        assert!("".parse::<Span>().is_err());
        assert!("5 parsecs".parse::<Span>().is_err());
        assert!("-3h".parse::<Span>().is_err());
        assert!("99999999999999999999h".parse::<Span>().is_err());
    }
}
