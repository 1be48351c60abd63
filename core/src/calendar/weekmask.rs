//! [`Weekmask`]: which days of the week are working days by default.

use std::fmt;
use std::str::FromStr;

use chrono::Weekday;

/// The days of the week that are working days unless a calendar says otherwise.
///
/// Written as seven `0`/`1` characters, Monday first, as in the calendar files and in numpy's
/// `busday_offset`: `1111100` is Monday to Friday.
///
/// ```
/// use chrono::Weekday;
/// use tousu::Weekmask;
///
/// let mask: Weekmask = "1111100".parse()?;
/// assert_eq!(mask, Weekmask::MONDAY_TO_FRIDAY);
/// assert!(mask.contains(Weekday::Fri) && !mask.contains(Weekday::Sat));
/// assert_eq!(Weekmask::from_weekdays([Weekday::Sun, Weekday::Mon]).to_string(), "1000001");
/// # Ok::<(), tousu::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Weekmask(u8);

impl Weekmask {
    /// Monday to Friday (`1111100`), the statutory working week of mainland China.
    pub const MONDAY_TO_FRIDAY: Weekmask = Weekmask(0b001_1111);

    /// The mask with exactly these working days (repeats are harmless).
    pub fn from_weekdays(days: impl IntoIterator<Item = Weekday>) -> Weekmask {
        Weekmask(days.into_iter().fold(0, |bits, day| bits | bit(day)))
    }

    /// Whether `day` is a working day by default.
    pub fn contains(self, day: Weekday) -> bool {
        self.0 & bit(day) != 0
    }

    /// The working days, Monday first.
    pub fn weekdays(self) -> impl Iterator<Item = Weekday> {
        (0..7u8)
            .filter(move |i| self.0 & (1 << i) != 0)
            .map(|i| Weekday::try_from(i).expect("0..7 is a weekday"))
    }

    /// The problem with a written mask, if any (used by [`FromStr`] and the calendar loader).
    pub(crate) fn parse(text: &str) -> Result<Weekmask, String> {
        let bytes = text.as_bytes();
        if bytes.len() != 7 || !bytes.iter().all(|b| matches!(b, b'0' | b'1')) {
            return Err(format!(
                "week mask `{text}` is not seven 0/1 characters, Monday first (e.g. 1111100 for Monday to Friday)"
            ));
        }
        Ok(Weekmask(
            bytes
                .iter()
                .enumerate()
                .fold(0, |bits, (i, b)| bits | (u8::from(*b == b'1') << i)),
        ))
    }
}

fn bit(day: Weekday) -> u8 {
    1 << day.num_days_from_monday()
}

impl Default for Weekmask {
    /// [`Weekmask::MONDAY_TO_FRIDAY`].
    fn default() -> Self {
        Weekmask::MONDAY_TO_FRIDAY
    }
}

impl FromStr for Weekmask {
    type Err = crate::Error;

    /// Reads `1111100`; anything else is [`ErrorCode::InvalidWeekmask`](crate::ErrorCode::InvalidWeekmask).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Weekmask::parse(text).map_err(|problem| crate::Error::CalendarData {
            calendar: "?".to_owned(),
            file: None,
            problems: vec![crate::CalendarProblem {
                code: crate::ErrorCode::InvalidWeekmask,
                year: None,
                path: "weekmask".to_owned(),
                line: None,
                column: None,
                problem,
            }],
        })
    }
}

impl fmt::Display for Weekmask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for i in 0..7 {
            f.write_str(if self.0 & (1 << i) != 0 { "1" } else { "0" })?;
        }
        Ok(())
    }
}

impl fmt::Debug for Weekmask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Weekmask({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_monday_first() {
        for text in ["1111100", "0000000", "1111111", "0111111", "1000001"] {
            assert_eq!(text.parse::<Weekmask>().unwrap().to_string(), text);
        }
        let mask: Weekmask = "0111111".parse().unwrap();
        assert!(!mask.contains(Weekday::Mon) && mask.contains(Weekday::Sun));
        assert_eq!(mask.weekdays().count(), 6);
    }

    #[test]
    fn refuses_anything_but_seven_bits() {
        for text in ["", "111110", "11111000", "1111102", "MTWTF..", "１１１１１００"] {
            let err = text.parse::<Weekmask>().unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::InvalidWeekmask, "{text}");
            assert!(err.to_string().contains(&format!("`{text}`")), "{err}");
        }
    }
}
