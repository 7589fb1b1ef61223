//! Calendar dates read from a kept input field (`--keep-field date`), for
//! the first and last date of an entity and the report's timeline.
//!
//! News dumps write dates in a handful of ways: ISO 8601 (`2026-01-05`,
//! `2026-01-05T08:30:00Z`), Reuters' `26-FEB-1987 15:01:01.79`, RFC 2822
//! (`Mon, 05 Jan 2026 08:30:00 +0000`), English prose (`January 5, 2026`,
//! `5 January 2026`), and Unix time as a number. Only the day is kept: a
//! study counts by day, month or year, and time zones would move a story
//! from one day to the next for no reader's benefit. A value that is none
//! of these is not a date, and is left out of the dates rather than
//! guessed at (`05/01/2026` is the 5th of January in one country and the
//! 1st of May in another).

use serde_json::Value;
use std::fmt;

/// A day of the proleptic Gregorian calendar.
///
/// ```
/// use gazet::aggregate::Date;
/// let d = Date::parse_value(&serde_json::json!("26-FEB-1987 15:01:01.79")).unwrap();
/// assert_eq!(d.to_string(), "1987-02-26");
/// assert!(d < Date::parse("2026-01-05").unwrap());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31.
    pub day: u8,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

impl Date {
    /// The date, if `year-month-day` is a day of the calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// The date of a kept field's value: a string in one of the forms of the
    /// [module documentation](self), or a number of seconds (or, above
    /// 10^11, milliseconds) since 1970-01-01 UTC.
    pub fn parse_value(v: &Value) -> Option<Date> {
        match v {
            Value::String(s) => Date::parse(s),
            Value::Number(n) => {
                let t = n.as_f64()?;
                let secs = if t.abs() >= 1e11 { t / 1000.0 } else { t };
                if !secs.is_finite() || secs.abs() > 1e13 {
                    return None;
                }
                Some(Date::from_days((secs / 86_400.0).floor() as i64))
            }
            _ => None,
        }
    }

    /// The date a string gives, if it gives one (see the [module
    /// documentation](self)).
    ///
    /// ```
    /// use gazet::aggregate::Date;
    /// for s in ["2026-01-05", "2026-01-05T23:59:00+03:30", "Mon, 05 Jan 2026 08:30:00 +0000",
    ///           "January 5, 2026", "5 January 2026", "05-JAN-2026 10:00", "2026/01/05"] {
    ///     assert_eq!(Date::parse(s).map(|d| d.to_string()).as_deref(), Some("2026-01-05"), "{s}");
    /// }
    /// assert_eq!(Date::parse("05/01/2026"), None);
    /// assert_eq!(Date::parse("2026-02-30"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        iso(s).or_else(|| words(s))
    }

    /// The day `days` after 1970-01-01 (before it, if negative).
    pub fn from_days(days: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: year.clamp(i32::MIN as i64, i32::MAX as i64) as i32,
            month,
            day,
        }
    }

    /// The month, `2026-01`.
    pub fn month_label(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// `2026-01-05`, `2026/01/05`, with anything after the day that does not
/// continue it as a number (`T08:30`, ` 10:00`).
fn iso(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() < 10 || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sep = b[4];
    if !(sep == b'-' || sep == b'/') || b[7] != sep {
        return None;
    }
    if b.get(10).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    Date::new(y as i32, u8::try_from(m).ok()?, u8::try_from(d).ok()?)
}

/// A date with its month as a word: `26-FEB-1987 15:01`, `Mon, 05 Jan 2026`,
/// `January 5, 2026`, `5 January 2026`.
fn words(s: &str) -> Option<Date> {
    let parts: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == '-' || c == ',' || c == '.')
        .filter(|p| !p.is_empty())
        .take(5)
        .collect();
    let month_at = parts.iter().position(|p| month(p).is_some())?;
    let m = month(parts[month_at])?;
    let number = |p: Option<&&str>| -> Option<u32> {
        let p = p?;
        let digits = p.trim_end_matches(|c: char| c.is_ascii_alphabetic()); // 5th
        (!digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
    };
    let (before, after) = (
        month_at.checked_sub(1).and_then(|i| number(parts.get(i))),
        number(parts.get(month_at + 1)),
    );
    let (d, y) = match (before, after) {
        // 26-FEB-1987, 5 January 2026
        (Some(d), Some(y)) if d <= 31 && y >= 100 => (d, y),
        // January 5, 2026
        (_, Some(d)) if d <= 31 => (d, number(parts.get(month_at + 2))?),
        _ => return None,
    };
    if !(100..=9999).contains(&y) {
        return None;
    }
    Date::new(y as i32, m, u8::try_from(d).ok()?)
}

/// The month a word names: `Jan`, `JAN`, `January`, `Sept`.
fn month(w: &str) -> Option<u8> {
    if w.len() < 3 || !w.is_ascii() {
        return None;
    }
    let lower = w.to_ascii_lowercase();
    let i = MONTHS.iter().position(|m| lower.starts_with(m))?;
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (FULL[i].starts_with(&lower) || lower == "sept").then_some(i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn numbers_are_unix_time_in_seconds_or_milliseconds() {
        let d = |v| Date::parse_value(&v).map(|d| d.to_string());
        assert_eq!(d(json!(0)).as_deref(), Some("1970-01-01"));
        assert_eq!(d(json!(1_767_571_200)).as_deref(), Some("2026-01-05"));
        assert_eq!(
            d(json!(1_767_571_200_000_i64)).as_deref(),
            Some("2026-01-05")
        );
        assert_eq!(d(json!(-86_400)).as_deref(), Some("1969-12-31"));
        assert_eq!(d(json!(true)), None);
        assert_eq!(d(json!(1e300)), None);
    }

    #[test]
    fn what_is_not_a_date() {
        for s in [
            "",
            "2026",
            "Jan",
            "May 2026",
            "12/01/2026",
            "2026-13-01",
            "2026-01-012",
            "Maybe 5, 2026",
            "February 30, 2026",
            "Mar 40 2026",
            "tomorrow",
        ] {
            assert_eq!(Date::parse(s), None, "{s}");
        }
        assert_eq!(
            Date::parse("Feb 29, 2024").unwrap().to_string(),
            "2024-02-29"
        );
        assert_eq!(
            Date::parse("Sept 3rd, 2025").unwrap().to_string(),
            "2025-09-03"
        );
    }

    proptest! {
        #[test]
        fn days_and_dates_agree(days in -1_000_000i64..1_000_000) {
            let d = Date::from_days(days);
            prop_assert!(Date::new(d.year, d.month, d.day).is_some());
            if (0..=9999).contains(&d.year) {
                prop_assert_eq!(Date::parse(&d.to_string()), Some(d));
            }
            let next = Date::from_days(days + 1);
            prop_assert!(next > d);
        }

        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = Date::parse(&s);
        }
    }
}
