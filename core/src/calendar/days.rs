//! The rank/select structure behind every calendar question: O(1) per question.
//!
//! A date is a *slot*: `(year - first_year) * 512 + ordinal0`. With a power of two per year a
//! slot and a date convert by shifts and masks; 512 keeps every slot of up to [`MAX_YEARS`]
//! years in a `u16`.
//!
//! - `bits`: one bit per day of the year, set for a working day (46 bytes a year).
//! - `rank[i]`: the working days of the coverage before byte `i` of the year. The working days
//!   before any day are `rank[i]` plus the working days of the byte below the day, read from a
//!   static 256 × 8 table ([`BELOW`]): two loads and an add, no popcount (the x86-64 baseline
//!   has no popcount instruction, and a software popcount doubled the cost of a step).
//! - `select[k]`: the slot of the k-th working day (0-based), the inverse of rank, so the n-th
//!   working day after a date is `select[rank + n - 1]`: O(1).
//!
//! A 23-year calendar of ~250 working days a year takes 23 × 144 bytes (bits, ranks and the
//! year's January 1st) plus ~5,800 × 2 bytes of select: under 15 KiB.

use chrono::{Datelike, NaiveDate};

/// Slots per year, as a shift: 512 slots.
const YEAR_SHIFT: u32 = 9;
/// Bytes of bits per year: 366 days.
pub(crate) const BYTES_PER_YEAR: usize = 46;
/// The most years one calendar covers: every slot must fit in a `u16`.
pub(crate) const MAX_YEARS: u32 = 1 << (16 - YEAR_SHIFT);

/// `BELOW[byte][i]`: the set bits of `byte` below bit `i`.
static BELOW: [[u8; 8]; 256] = {
    let mut table = [[0u8; 8]; 256];
    let mut byte = 0;
    while byte < 256 {
        let mut i = 1;
        while i < 8 {
            table[byte][i] = table[byte][i - 1] + ((byte >> (i - 1)) & 1) as u8;
            i += 1;
        }
        byte += 1;
    }
    table
};

/// Days from 0001-01-01 (chrono's day 1 of the common era) to 1970-01-01.
pub(crate) const UNIX_EPOCH_FROM_CE: i32 = 719_163;

/// The day count of a date: days since 1970-01-01 (numpy's `datetime64[D]`).
pub(crate) fn epoch_day(date: NaiveDate) -> i32 {
    date.num_days_from_ce() - UNIX_EPOCH_FROM_CE
}

/// The date of a day count, if chrono can hold it.
pub(crate) fn epoch_date(day: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(day.checked_add(UNIX_EPOCH_FROM_CE)?)
}

/// The day counts of chrono's first and last dates (`NaiveDate::MIN`, `NaiveDate::MAX`): a day
/// count between them has a date (checked against chrono in the tests).
pub(crate) const FIRST_EPOCH_DAY: i32 = -96_465_292;
pub(crate) const LAST_EPOCH_DAY: i32 = 95_026_236;

/// The day count `days` after `day`, if chrono can hold its date: a range check, not a date.
#[inline]
pub(crate) fn add_days_epoch(day: i32, days: i64) -> Option<i32> {
    i32::try_from(i64::from(day).checked_add(days)?)
        .ok()
        .filter(|to| (FIRST_EPOCH_DAY..=LAST_EPOCH_DAY).contains(to))
}

/// The day count `months` calendar months after `day`, on the same day of the month or the
/// month's last day when it is shorter (31 January + 1 month = 29 February in a leap year), as
/// chrono's `checked_add_months`; `None` past chrono's dates. Civil-date arithmetic on day
/// counts (H. Hinnant's algorithms), without building a date.
#[inline]
pub(crate) fn add_months_epoch(day: i32, months: u32) -> Option<i32> {
    if !(FIRST_EPOCH_DAY..=LAST_EPOCH_DAY).contains(&day) {
        return None;
    }
    // Day count → (year, month, day), years starting on 1 March so the leap day comes last.
    let z = i64::from(day) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    // Add the months; clamp the day to the new month's length.
    let index = y * 12 + (m - 1) + i64::from(months);
    let (y, m) = (index.div_euclid(12), index.rem_euclid(12) + 1);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let length = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let d = d.min(length);
    // (year, month, day) → day count.
    let y = y - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let to = era * 146_097 + doe - 719_468;
    i32::try_from(to)
        .ok()
        .filter(|to| (FIRST_EPOCH_DAY..=LAST_EPOCH_DAY).contains(to))
}

/// One year's bits, the ranks of its bytes, and its January 1st, together: a date's year is
/// checked once and the rest is indexed within the year.
#[derive(Clone, PartialEq, Eq)]
struct Year {
    /// Bit `ordinal0 % 8` of byte `ordinal0 / 8` is set for a working day.
    bits: [u8; BYTES_PER_YEAR],
    /// Working days of the coverage before each byte.
    rank: [u16; BYTES_PER_YEAR],
    /// A slot becomes a date by setting the day of the year on its year's January 1st: a few
    /// bit operations (`NaiveDate::from_yo_opt` would divide the year by 400 on every call).
    january_first: NaiveDate,
}

/// Working days of a run of whole years, answering rank and select in O(1).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Days {
    first_year: i32,
    years: Box<[Year]>,
    select: Box<[u16]>,
    /// Day counts (days since 1970-01-01) of each year's January 1st, and of the January 1st
    /// after the last year: a day count finds its year and slot without any calendar division.
    starts: Box<[i32]>,
}

impl Days {
    /// From the bits of each year (bit `ordinal0 % 8` of byte `ordinal0 / 8`), first year first.
    pub(crate) fn from_years(first_year: i32, bits: Vec<[u8; BYTES_PER_YEAR]>) -> Days {
        debug_assert!(bits.len() as u32 <= MAX_YEARS);
        let mut select = Vec::new();
        let mut count: u16 = 0;
        let mut years = Vec::with_capacity(bits.len());
        for (y, bytes) in bits.into_iter().enumerate() {
            let mut rank = [0; BYTES_PER_YEAR];
            for (i, &byte) in bytes.iter().enumerate() {
                rank[i] = count;
                for bit in (0..8).filter(|b| byte >> b & 1 == 1) {
                    let slot = (y << YEAR_SHIFT) + i * 8 + bit;
                    select.push(u16::try_from(slot).expect("slots fit in u16"));
                }
                count += byte.count_ones() as u16;
            }
            let january_first = NaiveDate::from_yo_opt(first_year + y as i32, 1).expect("checked year");
            years.push(Year {
                bits: bytes,
                rank,
                january_first,
            });
        }
        let starts = (0..=years.len())
            .map(|y| epoch_day(NaiveDate::from_yo_opt(first_year + y as i32, 1).expect("checked year")))
            .collect();
        Days {
            first_year,
            years: years.into_boxed_slice(),
            select: select.into_boxed_slice(),
            starts,
        }
    }

    /// The bits of one covered year (`index` 0 = the first year).
    pub(crate) fn year_bits(&self, index: usize) -> &[u8; BYTES_PER_YEAR] {
        &self.years[index].bits
    }

    /// The bits of every covered year, first year first.
    pub(crate) fn all_year_bits(&self) -> impl Iterator<Item = [u8; BYTES_PER_YEAR]> + '_ {
        self.years.iter().map(|y| y.bits)
    }

    pub(crate) fn first_year(&self) -> i32 {
        self.first_year
    }

    pub(crate) fn last_year(&self) -> i32 {
        self.first_year + self.years.len() as i32 - 1
    }

    /// Bytes on the heap.
    pub(crate) fn heap_bytes(&self) -> usize {
        std::mem::size_of_val(&*self.years)
            + std::mem::size_of_val(&*self.select)
            + std::mem::size_of_val(&*self.starts)
    }

    /// The slot of a covered day count (days since 1970-01-01).
    ///
    /// Years last 365 or 366 days, so `offset / 366` is the year's index or one less (for up to
    /// 366 years): one comparison with the next January 1st settles it. Any `i32` is safe: a
    /// day before the coverage wraps to a huge offset.
    #[inline]
    pub(crate) fn slot_of_day(&self, day: i32) -> Option<u32> {
        let offset = day.wrapping_sub(self.starts[0]) as u32;
        let mut year = (offset / 366) as usize;
        if year >= self.years.len() {
            return None;
        }
        // `starts` has one more entry than `years`.
        if day >= self.starts[year + 1] {
            year += 1;
            if year >= self.years.len() {
                return None;
            }
        }
        Some(((year as u32) << YEAR_SHIFT) | (day - self.starts[year]) as u32)
    }

    /// The day count (days since 1970-01-01) of a slot that holds a day.
    #[inline]
    pub(crate) fn day_of(&self, slot: u32) -> i32 {
        self.starts[(slot >> YEAR_SHIFT) as usize] + (slot & ((1 << YEAR_SHIFT) - 1)) as i32
    }

    /// The slot of a covered date.
    #[inline]
    pub(crate) fn slot(&self, date: NaiveDate) -> Option<u32> {
        let year = date.year().wrapping_sub(self.first_year) as u32;
        ((year as usize) < self.years.len()).then(|| (year << YEAR_SHIFT) | date.ordinal0())
    }

    /// The slot of day `ordinal0` (0..366) of a covered year.
    #[inline]
    pub(crate) fn year_slot(&self, year: i32, ordinal0: u32) -> Option<u32> {
        let year = year.wrapping_sub(self.first_year) as u32;
        ((year as usize) < self.years.len() && ordinal0 < 366).then_some((year << YEAR_SHIFT) | ordinal0)
    }

    /// The year, byte index and bit of a slot.
    #[inline]
    fn at(&self, slot: u32) -> (&Year, usize, u32) {
        let year = &self.years[(slot >> YEAR_SHIFT) as usize];
        let ordinal0 = slot & ((1 << YEAR_SHIFT) - 1);
        (year, (ordinal0 / 8) as usize, ordinal0 % 8)
    }

    /// The date of a slot that holds a day.
    #[inline]
    pub(crate) fn date(&self, slot: u32) -> NaiveDate {
        let (year, _, _) = self.at(slot);
        year.january_first
            .with_ordinal0(slot & ((1 << YEAR_SHIFT) - 1))
            .expect("a working slot is a day")
    }

    #[inline]
    pub(crate) fn is_working(&self, slot: u32) -> bool {
        let (year, i, bit) = self.at(slot);
        year.bits[i] >> bit & 1 == 1
    }

    /// Working days at slots `< slot`.
    #[inline]
    pub(crate) fn rank_before(&self, slot: u32) -> u32 {
        let (year, i, bit) = self.at(slot);
        u32::from(year.rank[i]) + u32::from(BELOW[usize::from(year.bits[i])][bit as usize])
    }

    /// Working days at slots `<= slot`.
    #[inline]
    pub(crate) fn rank_through(&self, slot: u32) -> u32 {
        let (year, i, bit) = self.at(slot);
        let byte = year.bits[i];
        u32::from(year.rank[i]) + u32::from(BELOW[usize::from(byte)][bit as usize]) + u32::from(byte >> bit & 1)
    }

    /// Working days in the whole coverage.
    #[inline]
    pub(crate) fn total(&self) -> u32 {
        self.select.len() as u32
    }

    /// The slot of the k-th working day (0-based), if there are that many.
    #[inline]
    pub(crate) fn select(&self, k: u64) -> Option<u32> {
        let k = usize::try_from(k).ok()?;
        self.select.get(k).map(|&slot| u32::from(slot))
    }

    /// The slot `n` working days from `slot` (n ≠ 0): for n ≥ 1 the n-th working day strictly
    /// after it, for n ≤ -1 the |n|-th strictly before it. `None` when that leaves the coverage.
    ///
    /// Branch-free on the sign of n (random signs would mispredict half the time): the index
    /// of the answer among all working days is `rank_before(slot) + n`, less one when n > 0 and
    /// the slot itself is not a working day. Wrapping arithmetic keeps any n (up to `i64::MAX`)
    /// from overflowing: a result outside 0..total fails the one bounds check of `select`.
    #[inline]
    pub(crate) fn step(&self, slot: u32, n: i64) -> Option<u32> {
        debug_assert!(n != 0);
        let (year, i, bit) = self.at(slot);
        let byte = year.bits[i];
        let before = u32::from(year.rank[i]) + u32::from(BELOW[usize::from(byte)][bit as usize]);
        let rest_day = i64::from(!byte >> bit & 1);
        let k = i64::from(before)
            .wrapping_add(n)
            .wrapping_sub(i64::from(n > 0) & rest_day);
        self.select.get(usize::try_from(k).ok()?).map(|&s| u32::from(s))
    }

    /// [`step`](Self::step), with the answer's rank: the working days before it.
    #[inline]
    pub(crate) fn step_ranked(&self, slot: u32, n: i64) -> Option<(u32, u32)> {
        let to = self.step(slot, n)?;
        Some((to, self.rank_before(to)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Two years where every day is working except in the padding.
    fn all_days(first_year: i32) -> Days {
        let mut years = vec![[0u8; BYTES_PER_YEAR]; 2];
        for (y, bits) in years.iter_mut().enumerate() {
            let days = if NaiveDate::from_ymd_opt(first_year + y as i32, 2, 29).is_some() {
                366
            } else {
                365
            };
            for ord in 0..days {
                bits[ord / 8] |= 1 << (ord % 8);
            }
        }
        Days::from_years(first_year, years)
    }

    #[test]
    fn chronos_first_and_last_dates_bound_the_day_counts() {
        assert_eq!(epoch_day(NaiveDate::MIN), FIRST_EPOCH_DAY);
        assert_eq!(epoch_day(NaiveDate::MAX), LAST_EPOCH_DAY);
        assert_eq!(add_days_epoch(LAST_EPOCH_DAY, 1), None);
        assert_eq!(add_days_epoch(FIRST_EPOCH_DAY, -1), None);
        assert_eq!(add_days_epoch(0, i64::MAX), None);
        assert_eq!(add_days_epoch(10, -3), Some(7));
    }

    #[test]
    fn months_on_day_counts_agree_with_chrono() {
        let dates = (epoch_day(d(1899, 12, 1))..epoch_day(d(1901, 3, 31)))
            .chain(epoch_day(d(1999, 11, 1))..epoch_day(d(2001, 3, 31)))
            .chain(epoch_day(d(2023, 11, 1))..epoch_day(d(2025, 3, 31)))
            .chain([
                FIRST_EPOCH_DAY,
                FIRST_EPOCH_DAY + 40,
                LAST_EPOCH_DAY - 400,
                LAST_EPOCH_DAY,
            ]);
        for day in dates {
            let date = epoch_date(day).unwrap();
            for months in [0, 1, 2, 3, 11, 12, 13, 25, 48, 1_200, 4_801, u32::MAX] {
                let chrono = date.checked_add_months(chrono::Months::new(months)).map(epoch_day);
                assert_eq!(add_months_epoch(day, months), chrono, "{date} + {months} months");
            }
        }
        assert_eq!(add_months_epoch(LAST_EPOCH_DAY + 1, 1), None);
        assert_eq!(add_months_epoch(i32::MIN, 1), None);
    }

    #[test]
    fn the_below_table_counts_lower_bits() {
        for byte in 0..=255u8 {
            for (i, &below) in BELOW[usize::from(byte)].iter().enumerate() {
                assert_eq!(u32::from(below), (u32::from(byte) & ((1 << i) - 1)).count_ones());
            }
        }
    }

    #[test]
    fn slots_and_dates_round_trip_across_a_leap_year() {
        let days = all_days(2024);
        for date in [
            d(2024, 1, 1),
            d(2024, 2, 29),
            d(2024, 12, 31),
            d(2025, 1, 1),
            d(2025, 12, 31),
        ] {
            let slot = days.slot(date).unwrap();
            assert_eq!(days.date(slot), date);
            assert!(days.is_working(slot));
        }
        assert_eq!(days.slot(d(2023, 12, 31)), None);
        assert_eq!(days.slot(d(2026, 1, 1)), None);
        assert_eq!(days.total(), 366 + 365);
    }

    #[test]
    fn day_counts_find_the_same_slots_as_dates() {
        let days = all_days(2023);
        let mut date = d(2022, 12, 25);
        while date <= d(2025, 1, 7) {
            let day = epoch_day(date);
            assert_eq!(epoch_date(day), Some(date));
            assert_eq!(days.slot_of_day(day), days.slot(date), "{date}");
            if let Some(slot) = days.slot(date) {
                assert_eq!(days.day_of(slot), day);
            }
            date = date.succ_opt().unwrap();
        }
        for day in [i32::MIN, i32::MIN + 1, -1, 0, i32::MAX - 1, i32::MAX] {
            assert_eq!(days.slot_of_day(day), None, "{day}");
        }
        assert_eq!(epoch_day(d(1970, 1, 1)), 0);
        assert_eq!(epoch_day(d(2024, 10, 1)), 19_997);
        assert_eq!(epoch_date(i32::MAX), None);
    }

    #[test]
    fn ranks_at_word_edges() {
        let days = all_days(2023);
        for ord in [0, 7, 8, 62, 63, 64, 127, 128, 364] {
            let slot = days.year_slot(2023, ord).unwrap();
            assert_eq!(days.rank_before(slot), ord);
            assert_eq!(days.rank_through(slot), ord + 1);
        }
        assert_eq!(days.year_slot(2023, 366), None);
    }

    #[test]
    fn steps_cross_the_year_padding_and_stop_at_the_ends() {
        let days = all_days(2023);
        let last = days.slot(d(2023, 12, 31)).unwrap();
        assert_eq!(days.date(days.step(last, 1).unwrap()), d(2024, 1, 1));
        let first = days.slot(d(2024, 1, 1)).unwrap();
        assert_eq!(days.date(days.step(first, -1).unwrap()), d(2023, 12, 31));
        assert_eq!(days.step(days.slot(d(2024, 12, 31)).unwrap(), 1), None);
        assert_eq!(days.step(days.slot(d(2023, 1, 1)).unwrap(), -1), None);
        assert_eq!(days.step(first, i64::MAX), None);
        assert_eq!(days.step(first, i64::MIN), None);
    }
}
