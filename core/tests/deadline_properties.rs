//! Property tests of the deadline engine: working-time arithmetic inverts, due times are
//! monotone in the time of receipt, and a pause or an extension never makes a due time earlier.

#[path = "support/figures.rs"]
mod figures;

use std::sync::LazyLock;

use chrono::{DateTime, Duration, FixedOffset, TimeDelta, TimeZone, Timelike};
use proptest::prelude::*;
use tousu::{deadlines, Action, BusinessHours, Case, Complaint, Event, Policy, WorkCalendar};

static CN: LazyLock<WorkCalendar> = LazyLock::new(|| WorkCalendar::builtin("CN").unwrap());
static GB: LazyLock<WorkCalendar> = LazyLock::new(|| WorkCalendar::builtin("GB-EAW").unwrap());
static BRANCH: LazyLock<Policy> = LazyLock::new(|| Policy::preset("cn.branch").unwrap());
static FIRM: LazyLock<Policy> = LazyLock::new(|| Policy::preset("cn.firm").unwrap());
static DISP: LazyLock<Policy> = LazyLock::new(|| Policy::preset("uk.fca.disp").unwrap());

fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

/// An instant in 2023–2025, to the second.
fn instant() -> impl Strategy<Value = DateTime<FixedOffset>> {
    let start = beijing().with_ymd_and_hms(2023, 1, 1, 0, 0, 0).unwrap();
    (0i64..3 * 365 * 86_400).prop_map(move |s| start + Duration::seconds(s))
}

fn complaint(received: DateTime<FixedOffset>) -> Complaint {
    let mut c = Complaint::from_json(
        r#"{"id": "P-1", "channel": "phone", "complainant": {"name": "赵六", "contact": {"phone": "13800138000"}},
            "receiver": "S001", "branch": "杭州营业部", "received_at": "2024-01-02T09:00:00+08:00",
            "matter": "m", "facts": {"account": "f"}, "demand": "d", "category": "service.attitude"}"#,
    )
    .unwrap();
    c.received_at = received;
    c
}

fn case(received: DateTime<FixedOffset>, more: &[(i64, Action)]) -> Case {
    let mut events = vec![Event::new(received, "S001", Action::Registered {})];
    events.push(Event::new(
        received + Duration::minutes(1),
        "S001",
        Action::Assigned { handler: "S010".into() },
    ));
    for (minutes, action) in more {
        events.push(Event::new(
            received + Duration::minutes(2 + minutes),
            "S010",
            action.clone(),
        ));
    }
    Case::replay(complaint(received), events).unwrap()
}

/// The due times, after checking that the plain figures of the same case say the same.
fn dues(
    case: &Case,
    policy: &Policy,
    cal: &WorkCalendar,
    now: DateTime<FixedOffset>,
) -> Vec<Option<DateTime<FixedOffset>>> {
    let all = deadlines(case, policy, cal, now).unwrap();
    let mut plain = Vec::new();
    policy.deadline_figures(case, cal, now, &mut plain).unwrap();
    figures::same_figures(&all, &plain).unwrap();
    all.into_iter().map(|d| d.due).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Adding working time and measuring it gives back the same duration; the result is a
    /// working instant no earlier than the start.
    #[test]
    fn add_then_between_is_the_identity(t in instant(), secs in 0i64..400 * 3600, lunch in any::<bool>()) {
        let windows: &[&str] = if lunch { &["09:00-11:30", "13:00-15:30"] } else { &["09:00-17:00"] };
        let hours = BusinessHours::parse("+08:00", windows, "15:30").unwrap();
        let to = hours.add_working_time(t, TimeDelta::seconds(secs), &CN).unwrap();
        prop_assert!(to >= t);
        prop_assert_eq!(hours.working_time_between(t, to, &CN).unwrap(), TimeDelta::seconds(secs));
        prop_assert_eq!(hours.working_time_between(to, t, &CN).unwrap(), TimeDelta::seconds(-secs));
    }

    /// The same in London, across summer-time changes.
    #[test]
    fn add_then_between_in_london(t in instant(), secs in 0i64..400 * 3600) {
        let hours = BusinessHours::parse("Europe/London", &["09:00-17:00"], "17:00").unwrap();
        let to = hours.add_working_time(t, TimeDelta::seconds(secs), &GB).unwrap();
        prop_assert_eq!(hours.working_time_between(t, to, &GB).unwrap(), TimeDelta::seconds(secs));
    }

    /// Splitting an addition in two lands at the same instant when the middle is inside working time.
    #[test]
    fn additions_compose(t in instant(), a in 1i64..100 * 3600, b in 0i64..100 * 3600) {
        let hours = BusinessHours::parse("+08:00", &["09:00-11:30", "13:00-15:30"], "15:30").unwrap();
        let once = hours.add_working_time(t, TimeDelta::seconds(a + b), &CN).unwrap();
        let mid = hours.add_working_time(t, TimeDelta::seconds(a), &CN).unwrap();
        let twice = hours.add_working_time(mid, TimeDelta::seconds(b), &CN).unwrap();
        // `mid` may be a window's close, where the remaining b starts at the next opening.
        prop_assert_eq!(hours.working_time_between(t, twice, &CN).unwrap(), TimeDelta::seconds(a + b));
        prop_assert!(once <= twice);
    }

    /// A later receipt never makes a milestone due earlier.
    #[test]
    fn due_times_are_monotone_in_the_receipt(t in instant(), later in 0i64..20 * 86_400) {
        let t2 = t + Duration::seconds(later);
        for policy in [&*BRANCH, &*FIRM] {
            let a = dues(&case(t, &[]), policy, &CN, t2 + Duration::days(1));
            let b = dues(&case(t2, &[]), policy, &CN, t2 + Duration::days(1));
            for (x, y) in a.iter().zip(&b) {
                if let (Some(x), Some(y)) = (x, y) {
                    prop_assert!(x <= y, "{} received {} due {}, received {} due {}", policy.id(), t, x, t2, y);
                }
            }
        }
    }

    /// A pause (of any length, open or closed) never makes a due time earlier.
    #[test]
    fn a_pause_never_makes_a_due_time_earlier(
        t in instant(), at in 0i64..8000, length in 0i64..8000, closed in any::<bool>(), now in 0i64..20_000,
    ) {
        let pause = (at, Action::ClockPaused { reason: "等待客户材料".into() });
        let mut events = vec![pause];
        if closed {
            events.push((at + length, Action::ClockResumed {}));
        }
        let now = t + Duration::minutes(now);
        for (policy, cal) in [(&*BRANCH, &*CN), (&*FIRM, &*CN)] {
            let without = dues(&case(t, &[]), policy, cal, now);
            let with = dues(&case(t, &events), policy, cal, now);
            for (x, y) in without.iter().zip(&with) {
                if let (Some(x), Some(y)) = (x, y) {
                    prop_assert!(x <= y, "{}: {} became {}", policy.id(), x, y);
                }
            }
        }
    }

    /// An extension never makes a due time earlier, nor does one beyond the limits.
    #[test]
    fn an_extension_never_makes_a_due_time_earlier(t in instant(), at in 0i64..8000, days in 1u32..12, twice in any::<bool>()) {
        let grant = |d| Action::ExtensionGranted { reason: "情况复杂".into(), approved_by: "S005".into(), working_days: d };
        let mut events = vec![(at, grant(days))];
        if twice {
            events.push((at + 10, grant(days)));
        }
        let now = t + Duration::days(30);
        let without = dues(&case(t, &[]), &FIRM, &CN, now);
        let with = dues(&case(t, &events), &FIRM, &CN, now);
        for (x, y) in without.iter().zip(&with) {
            if let (Some(x), Some(y)) = (x, y) {
                prop_assert!(x <= y, "{} became {}", x, y);
            }
        }
    }

    /// Under DISP (London, weeks and close of business), a pause never makes a due time earlier.
    #[test]
    fn a_pause_never_makes_a_uk_due_time_earlier(t in instant(), at in 0i64..8000, length in 0i64..8000) {
        let events = [(at, Action::ClockPaused { reason: "awaiting documents".into() }), (at + length, Action::ClockResumed {})];
        let now = t + Duration::days(3);
        let without = dues(&case(t, &[]), &DISP, &GB, now);
        let with = dues(&case(t, &events), &DISP, &GB, now);
        for (x, y) in without.iter().zip(&with) {
            if let (Some(x), Some(y)) = (x, y) {
                prop_assert!(x <= y, "{} became {}", x, y);
            }
        }
    }
}

// --- a reference walked minute by minute ------------------------------------------------------

/// A policy of one milestone: `hours` working hours from the receipt, paused by the clock.
fn working_hours_policy(hours: u32) -> Policy {
    Policy::from_toml(&format!(
        r#"[policy]
id = "test.working_hours"
version = 1
name = "Working hours"
calendar = "CN"
source = "tests"
applies_to = ["complaint"]
[policy.business_hours]
time_zone = "+08:00"
windows = ["09:00-11:30", "13:00-15:30"]
receipt_cutoff = "15:30"
[policy.clock]
pause_on = "clock_paused"
resume_on = "clock_resumed"
[[milestone]]
id = "answer"
label = "Answer"
from = "received"
due = {{ amount = {hours}, unit = "working_hours" }}
met_by = ["result_fed_back"]
"#
    ))
    .unwrap()
}

/// The due time the slow way: walk minute by minute from the receipt, counting the minutes
/// inside a window of a working day and outside every pause, until `hours` of them are counted.
fn due_minute_by_minute(
    received: DateTime<FixedOffset>,
    hours: u32,
    pauses: &[(DateTime<FixedOffset>, Option<DateTime<FixedOffset>>)],
) -> DateTime<FixedOffset> {
    let windows = [(9 * 60, 11 * 60 + 30), (13 * 60, 15 * 60 + 30)];
    let mut t = received;
    let mut left = i64::from(hours) * 60;
    while left > 0 {
        let local = t.naive_local();
        let minute = local.time().num_seconds_from_midnight() / 60;
        let working =
            CN.is_working_day(local.date()).unwrap() && windows.iter().any(|&(a, b)| (a..b).contains(&minute));
        let paused = pauses.iter().any(|&(p, r)| t >= p && r.is_none_or(|r| t < r));
        if working && !paused {
            left -= 1;
        }
        t += Duration::minutes(1);
    }
    t
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Working-hours due times with up to two pauses (closed or still open) agree with a
    /// minute-by-minute walk that skips paused minutes: pausing pushes a due time back by
    /// exactly the working time paused before it.
    #[test]
    fn paused_working_hours_agree_with_a_minute_by_minute_walk(
        minute in 0i64..2 * 365 * 24 * 60,
        hours in 1u32..30,
        gaps in proptest::collection::vec((0i64..3000, 1i64..3000), 0..=2),
        last_open in any::<bool>(),
    ) {
        let policy = working_hours_policy(hours);
        let received = beijing().with_ymd_and_hms(2023, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(minute);
        // Pauses at whole minutes after the receipt, in order, each resumed before the next.
        let mut events = Vec::new();
        let mut pauses = Vec::new();
        let mut at = 2i64;
        for (i, &(gap, length)) in gaps.iter().enumerate() {
            let start = at + gap;
            events.push((start - 2, Action::ClockPaused { reason: "等待客户材料".into() }));
            let open = last_open && i + 1 == gaps.len();
            let end = (!open).then_some(start + length);
            if let Some(end) = end {
                events.push((end - 2, Action::ClockResumed {}));
            }
            pauses.push((received + Duration::minutes(start), end.map(|e| received + Duration::minutes(e))));
            at = start + length;
        }
        let case = case(received, &events);
        // Far enough ahead that an open pause has ended only where the walk needs it to.
        let now = received + Duration::days(200);
        let open_until_now: Vec<_> = pauses.iter().map(|&(p, r)| (p, r.or(Some(now)))).collect();
        let engine = dues(&case, &policy, &CN, now)[0].unwrap();
        let walk = due_minute_by_minute(received, hours, &open_until_now);
        prop_assert_eq!(engine, walk, "received {}, pauses {:?}", received, pauses);
    }
}
