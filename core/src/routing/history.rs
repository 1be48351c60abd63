//! The earlier complaints of each complaint of a batch, for rules that count them
//! (`earlier_complaints`: "at least N within D days"): from a list of complaints with the
//! complainant of each, or from lists the caller kept.
//!
//! A complaint's earlier complaints are the other complaints of the same complainant received
//! at a strictly earlier instant; each counts on its own local day of receipt (the day a
//! complaint's `received_at` shows, as [`RoutingContext::earlier_complaints`] takes them). Two
//! complaints received at the same instant do not count each other.
//!
//! ```
//! use chrono::NaiveDate;
//! use tousu::EarlierComplaints;
//!
//! let day = |d: u32| NaiveDate::from_ymd_opt(2024, 3, d).unwrap();
//! // Three complaints of account 7 and one of account 9, in any order; instants in seconds.
//! let keys = [Some(7), Some(9), Some(7), Some(7)];
//! let received = [(86_400 * 3, day(3)), (86_400, day(1)), (86_400, day(1)), (86_400 * 3, day(3))];
//! let earlier = EarlierComplaints::by_complainant(&keys, &received, Some(30));
//! assert_eq!(earlier.of(0), [day(1)]); // not the other complaint of the 3rd: same instant
//! assert_eq!(earlier.of(1), []);
//! assert_eq!(earlier.of(2), []);
//! assert_eq!(earlier.of(3), [day(1)]);
//! ```
//!
//! [`RoutingContext::earlier_complaints`]: super::RoutingContext::earlier_complaints

use chrono::NaiveDate;

use super::{Condition, RuleSet};

/// Seconds in a day.
const DAY_SECS: i64 = 86_400;

/// The earlier complaints of each complaint of a batch: complaint `i`'s are [`of(i)`](Self::of),
/// the days of receipt to put in its [`RoutingContext`](super::RoutingContext). One buffer of
/// days for the whole batch, nothing allocated per complaint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EarlierComplaints {
    days: Vec<NaiveDate>,
    /// Complaint `i`'s days are `days[spans[i].0..spans[i].1]`.
    spans: Vec<(usize, usize)>,
}

impl EarlierComplaints {
    /// The earlier complaints of each complaint of a batch, by complainant: `keys[i]` names
    /// complaint `i`'s complainant (an account, an ID number, coded as any ordered value;
    /// `None`: unknown, so none), `received[i]` is its instant of receipt in seconds since the
    /// epoch with its local day ([`by_complainant_in`](Self::by_complainant_in) takes another
    /// unit). Sorts the complaints by complainant and instant: O(n log n).
    ///
    /// `window` is the longest window, in days, the rules count
    /// ([`RuleSet::earlier_complaints_window`]): each complaint keeps only the earlier
    /// complaints received up to `window + 3` days before it (every one whose local day can lie
    /// in the window: two UTC offsets are less than two days apart), and the rule counts
    /// exactly; `None` (no rule counts them) gives every complaint none.
    ///
    /// # Panics
    /// Never; `keys` and `received` of different lengths are read up to the shorter, and the
    /// complaints past it have none.
    pub fn by_complainant<K: Ord>(
        keys: &[Option<K>],
        received: &[(i64, NaiveDate)],
        window: Option<u32>,
    ) -> EarlierComplaints {
        Self::by_complainant_in(keys, received, window, DAY_SECS)
    }

    /// [`by_complainant`](Self::by_complainant) with instants in units of which `day` make a
    /// day (86,400,000,000,000 for nanoseconds, numpy's and pandas' unit).
    pub fn by_complainant_in<K: Ord>(
        keys: &[Option<K>],
        received: &[(i64, NaiveDate)],
        window: Option<u32>,
        day: i64,
    ) -> EarlierComplaints {
        let n = keys.len().min(received.len());
        let mut out = EarlierComplaints {
            days: Vec::new(),
            spans: vec![(0, 0); keys.len()],
        };
        let Some(window) = window else { return out };
        let reach = (i64::from(window) + 3).saturating_mul(day.max(1));
        let mut order: Vec<usize> = (0..n).filter(|&i| keys[i].is_some()).collect();
        // Complaints of one complainant at one instant may come in any order: none counts another.
        order.sort_unstable_by(|&a, &b| (&keys[a], received[a].0).cmp(&(&keys[b], received[b].0)));
        out.days = order.iter().map(|&i| received[i].1).collect();
        let key = |p: usize| &keys[order[p]];
        let at = |p: usize| received[order[p]].0;
        // The complainant's complaints from `low` up to `tie`, the first at this one's instant.
        let (mut low, mut tie) = (0, 0);
        for (p, &i) in order.iter().enumerate() {
            if key(p) != key(tie) {
                (low, tie) = (p, p);
            } else if at(p) != at(tie) {
                tie = p;
            }
            let from = at(p).saturating_sub(reach);
            // Stops at `tie` at the latest: that one was received at this one's instant.
            while at(low) < from {
                low += 1;
            }
            out.spans[i] = (low, tie);
        }
        out
    }

    /// The earlier complaints the caller kept, one list per complaint, in order.
    pub fn from_lists<'a>(lists: impl IntoIterator<Item = &'a [NaiveDate]>) -> EarlierComplaints {
        let mut out = EarlierComplaints::default();
        for list in lists {
            out.push(list.iter().copied());
        }
        out
    }

    /// Appends the next complaint's earlier complaints.
    pub fn push(&mut self, days: impl IntoIterator<Item = NaiveDate>) {
        let from = self.days.len();
        self.days.extend(days);
        self.spans.push((from, self.days.len()));
    }

    /// Complaint `i`'s earlier complaints (none for a complaint past the end).
    pub fn of(&self, i: usize) -> &[NaiveDate] {
        match self.spans.get(i) {
            Some(&(from, to)) => &self.days[from..to],
            None => &[],
        }
    }

    /// How many complaints it has lists for.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

impl RuleSet {
    /// The longest window, in days, of the earlier complaints any rule counts; `None` when no
    /// rule counts them (then a complaint's earlier complaints change nothing).
    pub fn earlier_complaints_window(&self) -> Option<u32> {
        fn longest(c: &Condition) -> Option<u32> {
            match c {
                Condition::All(list) | Condition::Any(list) => list.iter().filter_map(longest).max(),
                Condition::Not(x) => longest(x),
                Condition::EarlierComplaints { within_days, .. } => Some(*within_days),
                _ => None,
            }
        }
        self.rules
            .iter()
            .filter_map(|r| r.when.as_ref().and_then(longest))
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition, pair by pair: O(n²).
    fn reference(keys: &[Option<u8>], received: &[(i64, NaiveDate)], window: u32) -> Vec<Vec<NaiveDate>> {
        (0..keys.len())
            .map(|i| {
                let mut days: Vec<NaiveDate> = (0..keys.len())
                    .filter(|&j| {
                        keys[i].is_some()
                            && keys[j] == keys[i]
                            && received[j].0 < received[i].0
                            && received[j].0 >= received[i].0 - (i64::from(window) + 3) * DAY_SECS
                    })
                    .map(|j| received[j].1)
                    .collect();
                days.sort();
                days
            })
            .collect()
    }

    proptest! {
        #[test]
        fn by_complainant_is_the_definition(
            // Whole hours, so that same-instant complaints of one complainant are common.
            rows in prop::collection::vec((prop::option::of(0u8..4), (0i64..40 * 24).prop_map(|h| h * 3600)), 0..60),
            window in 0u32..20,
        ) {
            let keys: Vec<Option<u8>> = rows.iter().map(|r| r.0).collect();
            let day0 = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
            // A local day of UTC+8.
            let received: Vec<(i64, NaiveDate)> = rows
                .iter()
                .map(|r| (r.1, day0 + chrono::Days::new(((r.1 + 8 * 3600) / DAY_SECS) as u64)))
                .collect();
            let fast = EarlierComplaints::by_complainant(&keys, &received, Some(window));
            let expected = reference(&keys, &received, window);
            for (i, want) in expected.iter().enumerate() {
                let mut got = fast.of(i).to_vec();
                got.sort();
                prop_assert_eq!(&got, want, "complaint {}", i);
            }
            // Without a window nothing is counted.
            let none = EarlierComplaints::by_complainant(&keys, &received, None);
            prop_assert!((0..keys.len()).all(|i| none.of(i).is_empty()));
        }
    }

    #[test]
    fn lists_kept_by_the_caller() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2024, 3, d).unwrap();
        let lists: [&[NaiveDate]; 3] = [&[day(1), day(2)], &[], &[day(5)]];
        let e = EarlierComplaints::from_lists(lists);
        assert_eq!(
            (e.len(), e.of(0), e.of(1), e.of(2), e.of(3)),
            (3, lists[0], &[][..], lists[2], &[][..])
        );
    }
}
