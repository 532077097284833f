use super::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A reporting period: a year (`2026`), a half (`2026-H1`), a quarter (`2026-Q3`) or a month
/// (`2026-07`). Periods order by start, then by length (the year before its first half).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Period {
    Year(u16),
    Half(u16, u8),
    Quarter(u16, u8),
    Month(u16, u8),
}

impl Period {
    pub fn parse(raw: &str) -> Result<Period, FieldError> {
        let err = || FieldError::new("periods", "invalid_period");
        let s = raw.trim().to_uppercase();
        let (year, rest) = match s.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (s.as_str(), None),
        };
        if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
            return Err(err());
        }
        let y: u16 = year.parse().map_err(|_| err())?;
        if !(1990..=2100).contains(&y) {
            return Err(err());
        }
        let num = |t: &str, max: u8| -> Result<u8, FieldError> {
            if t.is_empty() || t.len() > 2 || !t.chars().all(|c| c.is_ascii_digit()) {
                return Err(err());
            }
            let n: u8 = t.parse().map_err(|_| err())?;
            if (1..=max).contains(&n) {
                Ok(n)
            } else {
                Err(err())
            }
        };
        match rest {
            None => Ok(Period::Year(y)),
            Some(r) if r.starts_with('H') => Ok(Period::Half(y, num(&r[1..], 2)?)),
            Some(r) if r.starts_with('Q') => Ok(Period::Quarter(y, num(&r[1..], 4)?)),
            Some(r) if r.len() == 2 => Ok(Period::Month(y, num(r, 12)?)),
            Some(_) => Err(err()),
        }
    }

    /// Parses a comma- or space-separated list: sorted, without duplicates, at least one.
    pub fn parse_list(raw: &str) -> Result<Vec<Period>, FieldError> {
        let mut out = raw
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|t| !t.is_empty())
            .map(Period::parse)
            .collect::<Result<Vec<_>, _>>()?;
        if out.is_empty() {
            return Err(FieldError::new("periods", "required"));
        }
        out.sort_by_key(|p| p.sort_key());
        out.dedup();
        Ok(out)
    }

    /// First and last month covered, as (year, month).
    pub fn months(self) -> ((u16, u8), (u16, u8)) {
        match self {
            Period::Year(y) => ((y, 1), (y, 12)),
            Period::Half(y, h) => ((y, h * 6 - 5), (y, h * 6)),
            Period::Quarter(y, q) => ((y, q * 3 - 2), (y, q * 3)),
            Period::Month(y, m) => ((y, m), (y, m)),
        }
    }

    fn sort_key(self) -> (u16, u8, std::cmp::Reverse<u8>) {
        let ((y, m), (y2, m2)) = self.months();
        let len = (y2 - y) as u8 * 12 + m2 - m;
        (y, m, std::cmp::Reverse(len))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Half(y, h) => write!(f, "{y}-H{h}"),
            Period::Quarter(y, q) => write!(f, "{y}-Q{q}"),
            Period::Month(y, m) => write!(f, "{y}-{m:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_each_kind() {
        assert_eq!(Period::parse("2026").unwrap(), Period::Year(2026));
        assert_eq!(Period::parse(" 2026-h2").unwrap(), Period::Half(2026, 2));
        assert_eq!(Period::parse("2026-Q4").unwrap(), Period::Quarter(2026, 4));
        assert_eq!(Period::parse("2026-07").unwrap(), Period::Month(2026, 7));
        for bad in ["", "26", "2026-H3", "2026-Q0", "2026-13", "2026-7", "2026-X1", "20266", "1066"] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn list_is_sorted_and_unique() {
        let l = Period::parse_list("2026-H2, 2026 2026-H1,2026-h2").unwrap();
        assert_eq!(l, vec![Period::Year(2026), Period::Half(2026, 1), Period::Half(2026, 2)]);
    }

    fn any_period() -> impl Strategy<Value = Period> {
        (1990u16..=2100, 0u8..4, 1u8..=12).prop_map(|(y, kind, n)| match kind {
            0 => Period::Year(y),
            1 => Period::Half(y, n % 2 + 1),
            2 => Period::Quarter(y, n % 4 + 1),
            _ => Period::Month(y, n),
        })
    }

    proptest! {
        #[test]
        fn display_round_trips(p in any_period()) {
            prop_assert_eq!(Period::parse(&p.to_string()).unwrap(), p);
        }

        #[test]
        fn months_are_ordered(p in any_period()) {
            let (a, b) = p.months();
            prop_assert!(a <= b && (1..=12).contains(&a.1) && (1..=12).contains(&b.1));
        }
    }
}
