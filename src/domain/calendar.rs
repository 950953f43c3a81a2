//! The business calendar: weekly working hours and holidays in the
//! configured time zone. Deadlines written in `wh`/`wd` count only working
//! time; business hours also decide when a human is available.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

use super::span::Span;
use crate::config::CalendarCfg;
use crate::nlu::Lang;

#[derive(Clone, Debug)]
pub struct Calendar {
    pub tz: Tz,
    days: Vec<Weekday>,
    start: NaiveTime,
    end: NaiveTime,
    holidays: Vec<NaiveDate>,
}

impl Calendar {
    pub fn new(tz: Tz, cfg: &CalendarCfg) -> Calendar {
        Calendar {
            tz,
            days: cfg.work_days.iter().map(|d| d.0).collect(),
            start: cfg.work_start.0,
            end: cfg.work_end.0,
            holidays: cfg.holidays.clone(),
        }
    }

    fn is_work_day(&self, d: NaiveDate) -> bool {
        self.days.contains(&d.weekday()) && !self.holidays.contains(&d)
    }

    fn day_secs(&self) -> i64 {
        (self.end - self.start).num_seconds()
    }

    /// Local opening and closing instants of `d`, in UTC.
    fn window(&self, d: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        let at = |t: NaiveTime| {
            self.tz
                .from_local_datetime(&d.and_time(t))
                .earliest()
                .unwrap_or_else(|| self.tz.from_utc_datetime(&d.and_time(t)))
                .with_timezone(&Utc)
        };
        (at(self.start), at(self.end))
    }

    pub fn is_open(&self, t: DateTime<Utc>) -> bool {
        let local = t.with_timezone(&self.tz);
        let d = local.date_naive();
        if !self.is_work_day(d) {
            return false;
        }
        let (o, c) = self.window(d);
        t >= o && t < c
    }

    /// `t` plus `span`, counting only working time for `wh`/`wd` spans.
    pub fn add(&self, t: DateTime<Utc>, span: Span) -> DateTime<Utc> {
        if !span.working {
            return t + Duration::seconds(span.secs);
        }
        let mut left = span.secs + span.work_days.unwrap_or(0) * self.day_secs();
        let mut day = t.with_timezone(&self.tz).date_naive();
        let mut cursor = t;
        // At most a few years of days: a calendar with no working day is rejected at load.
        for _ in 0..3660 {
            if self.is_work_day(day) {
                let (o, c) = self.window(day);
                let from = cursor.max(o);
                if from < c {
                    let avail = (c - from).num_seconds();
                    if left <= avail {
                        return from + Duration::seconds(left);
                    }
                    left -= avail;
                }
            }
            day = day.succ_opt().unwrap_or(day);
            cursor = self.window(day).0;
        }
        cursor
    }

    /// The working hours as a customer reads them, e.g. "周一至周五 9:00-18:00".
    pub fn hours_text(&self, lang: Lang) -> String {
        const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
        const EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
        let names = if lang == Lang::Zh { ZH } else { EN };
        let mut idx: Vec<usize> = self.days.iter().map(|d| d.num_days_from_monday() as usize).collect();
        idx.sort_unstable();
        idx.dedup();
        let contiguous = idx.windows(2).all(|w| w[1] == w[0] + 1);
        let days = if contiguous && idx.len() > 2 {
            let (a, b) = (names[idx[0]], names[*idx.last().unwrap_or(&0)]);
            if lang == Lang::Zh { format!("{a}至{b}") } else { format!("{a} to {b}") }
        } else {
            let sep = if lang == Lang::Zh { "、" } else { ", " };
            idx.iter().map(|i| names[*i]).collect::<Vec<_>>().join(sep)
        };
        let hours = format!("{}-{}", self.start.format("%-H:%M"), self.end.format("%-H:%M"));
        if lang == Lang::Zh { format!("{days} {hours}") } else { format!("{days}, {hours}") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn cal() -> Calendar {
        let c = Config::embedded();
        Calendar::new(c.tz(), &c.calendar)
    }
    fn local(s: &str) -> DateTime<Utc> {
        let n = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        chrono_tz::Asia::Shanghai.from_local_datetime(&n).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn working_hours_skip_nights_and_weekends() {
        let c = cal();
        // Friday 17:00 + 2 working hours = Monday 10:00.
        let due = c.add(local("2026-12-04 17:00"), "2wh".parse().unwrap());
        assert_eq!(due, local("2026-12-07 10:00"));
        // Saturday counts from Monday's opening.
        assert_eq!(c.add(local("2026-12-05 12:00"), "1wh".parse().unwrap()), local("2026-12-07 10:00"));
        // Wall-clock spans ignore the calendar.
        assert_eq!(c.add(local("2026-12-05 12:00"), "24h".parse().unwrap()), local("2026-12-06 12:00"));
        // 2 working days from Monday 09:00 end Tuesday 18:00.
        assert_eq!(c.add(local("2026-12-07 09:00"), "2wd".parse().unwrap()), local("2026-12-08 18:00"));
    }

    #[test]
    fn holidays_are_closed() {
        let c = cal();
        assert!(!c.is_open(local("2027-01-01 10:00")));
        assert!(c.is_open(local("2026-12-07 10:00")));
        assert!(!c.is_open(local("2026-12-07 18:00")));
        assert_eq!(c.hours_text(Lang::Zh), "周一至周五 9:00-18:00");
    }
}
