//! Throughput of the deadline engine: all deadlines of a case with 8 milestones and 2 pauses,
//! next to a baseline measured in the same run.
//!
//! `cargo bench -p tousu --bench deadline`; figures go to BENCHMARKS.md.
//!
//! The case: received Friday 2024-09-27 16:00 (before National Day), acknowledged, assigned,
//! paused twice while waiting for the customer, extended once, investigated; "now" is
//! 2024-10-10 10:00. The policy has 8 milestones covering every unit and anchor kind.
//!
//! Baseline: the same 8 due times computed the way ticketing systems commonly do — day by day
//! for working days, minute by minute for working hours and paused time — on the same
//! calendar (`is_working_day` per step). It gives the same due instants for this case (the
//! bench checks), so the ratio is the gain of jumping across intervals.

use std::hint::black_box;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, Timelike};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tousu::{Action, Case, Complaint, Event, Policy, WorkCalendar};

const POLICY: &str = r#"[policy]
id = "bench.eight"
version = 1
name = "Eight milestones"
calendar = "CN"
source = "bench"
applies_to = ["complaint"]
[policy.business_hours]
time_zone = "+08:00"
windows = ["09:00-11:30", "13:00-15:30"]
receipt_cutoff = "15:30"
[policy.clock]
pause_on = "clock_paused"
resume_on = "clock_resumed"
[[milestone]]
id = "acknowledge"
label = "a"
from = "received"
due = { amount = 1, unit = "working_days" }
met_by = ["acknowledged"]
warn_at = 0.8
[[milestone]]
id = "answer_time"
label = "b"
from = "received"
due = { at = "15:30", unit = "time_of_day" }
met_by = ["answer_time_promised"]
warn_at = 0.8
[[milestone]]
id = "triage"
label = "c"
from = "received"
due = { amount = 8, unit = "working_hours" }
met_by = ["investigation_reported"]
warn_at = 0.8
[[milestone]]
id = "investigate"
label = "d"
from = "received"
due = { amount = 3, unit = "working_days" }
met_by = ["investigation_reported"]
warn_at = 0.8
[[milestone]]
id = "resolve"
label = "e"
from = "received"
due = { amount = 5, unit = "working_days" }
met_by = ["result_fed_back"]
warn_at = 0.8
extension = { max_count = 2, max_amount = 10 }
[[milestone]]
id = "summary"
label = "f"
from = "received"
due = { amount = 3, unit = "working_days_close_of_business" }
met_by = ["result_fed_back"]
warn_at = 0.8
[[milestone]]
id = "final"
label = "g"
from = "received"
due = { amount = 8, unit = "weeks" }
met_by = ["result_fed_back"]
warn_at = 0.8
[[milestone]]
id = "callback"
label = "h"
from = "milestone:resolve"
due = { amount = 2, unit = "months" }
met_by = ["callback_visited"]
warn_at = 0.8
"#;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn the_case() -> Case {
    let complaint = Complaint::from_json(
        r#"{"id": "B-1", "channel": "phone", "complainant": {"name": "赵六", "contact": {"phone": "13800138000"}},
            "receiver": "S001", "branch": "杭州营业部", "received_at": "2024-09-27T16:00:00+08:00",
            "matter": "m", "facts": {"account": "f"}, "demand": "d", "category": "service.attitude"}"#,
    )
    .unwrap();
    let e = |t: &str, a: Action| Event::new(at(t), "S001", a);
    let pause = || Action::ClockPaused {
        reason: "等待客户材料".into(),
    };
    Case::replay(
        complaint,
        vec![
            e("2024-09-27T16:05:00+08:00", Action::Registered {}),
            e("2024-09-29T09:10:00+08:00", Action::Acknowledged { via: None }),
            e("2024-09-29T09:20:00+08:00", Action::Assigned { handler: "S010".into() }),
            e("2024-09-29T10:00:00+08:00", pause()),
            e("2024-09-29T14:00:00+08:00", Action::ClockResumed {}),
            e("2024-09-30T10:00:00+08:00", pause()),
            e("2024-10-08T10:30:00+08:00", Action::ClockResumed {}),
            e(
                "2024-10-08T11:00:00+08:00",
                Action::ExtensionGranted {
                    reason: "情况复杂".into(),
                    approved_by: "S005".into(),
                    working_days: 2,
                },
            ),
            e(
                "2024-10-09T10:00:00+08:00",
                Action::InvestigationReported { summary: "s".into() },
            ),
        ],
    )
    .unwrap()
}

// --- the baseline: day by day, minute by minute -------------------------------------------------

const WINDOWS: [(u32, u32); 2] = [(9 * 60, 11 * 60 + 30), (13 * 60, 15 * 60 + 30)];

fn local(t: DateTime<FixedOffset>) -> (NaiveDate, u32) {
    let l = t.with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap()).naive_local();
    (l.date(), l.time().num_seconds_from_midnight() / 60)
}

fn instant(date: NaiveDate, minute: u32) -> DateTime<FixedOffset> {
    let tz = FixedOffset::east_opt(8 * 3600).unwrap();
    date.and_time(NaiveTime::MIN).and_local_timezone(tz).unwrap() + Duration::minutes(minute.into())
}

fn end_of_day(date: NaiveDate) -> DateTime<FixedOffset> {
    instant(date, 0) + Duration::seconds(86_399)
}

fn working_minute(cal: &WorkCalendar, date: NaiveDate, minute: u32) -> bool {
    cal.is_working_day(date).unwrap() && WINDOWS.iter().any(|&(a, b)| (a..b).contains(&minute))
}

fn naive_add_days(cal: &WorkCalendar, mut d: NaiveDate, n: u32) -> NaiveDate {
    let mut k = 0;
    while k < n {
        d = d.succ_opt().unwrap();
        if cal.is_working_day(d).unwrap() {
            k += 1;
        }
    }
    d
}

/// Working minutes in [a, b), minute by minute.
fn naive_between(cal: &WorkCalendar, a: DateTime<FixedOffset>, b: DateTime<FixedOffset>) -> i64 {
    let mut t = a;
    let mut n = 0;
    while t < b {
        let (d, m) = local(t);
        n += i64::from(working_minute(cal, d, m));
        t += Duration::minutes(1);
    }
    n
}

/// The instant `minutes` working minutes after `t`, minute by minute.
fn naive_add_minutes(cal: &WorkCalendar, t: DateTime<FixedOffset>, minutes: i64) -> DateTime<FixedOffset> {
    let mut t = t;
    let mut left = minutes;
    while left > 0 {
        let (d, m) = local(t);
        left -= i64::from(working_minute(cal, d, m));
        t += Duration::minutes(1);
    }
    t
}

/// The due times of the bench policy for the bench case, the slow way.
fn baseline(case: &Case, cal: &WorkCalendar) -> [DateTime<FixedOffset>; 8] {
    let received = case.complaint().received_at;
    let (day, minute) = local(received);
    let events = case.events();
    let pauses: Vec<(DateTime<FixedOffset>, DateTime<FixedOffset>)> = events
        .iter()
        .filter(|e| matches!(e.action, Action::ClockPaused { .. }))
        .zip(events.iter().filter(|e| matches!(e.action, Action::ClockResumed {})))
        .map(|(p, r)| (p.at, r.at))
        .collect();
    let push = |due: DateTime<FixedOffset>, eod: bool, met: Option<DateTime<FixedOffset>>| {
        let mut due = due;
        for &(p, r) in &pauses {
            if p >= due || met.is_some_and(|m| p >= m) {
                break;
            }
            let paused = naive_between(cal, p, r);
            // A due time still at the end of a day is pushed from that day's close.
            due = if eod && local(due).1 == 23 * 60 + 59 {
                let base = instant(local(due).0, 15 * 60 + 30);
                let to = naive_add_minutes(cal, base, paused);
                if local(to).1 == 15 * 60 + 30 {
                    end_of_day(local(to).0)
                } else {
                    to
                }
            } else {
                naive_add_minutes(cal, due, paused)
            };
        }
        due
    };
    let met = |name: &str| events.iter().find(|e| e.action.name() == name).map(|e| e.at);
    let ack = push(end_of_day(naive_add_days(cal, day, 1)), true, met("acknowledged"));
    let next = if minute <= 15 * 60 + 30 && cal.is_working_day(day).unwrap() {
        day
    } else {
        naive_add_days(cal, day, 1)
    };
    let answer = push(instant(next, 15 * 60 + 30), false, met("answer_time_promised"));
    let triage = push(
        naive_add_minutes(cal, received, 8 * 60),
        false,
        met("investigation_reported"),
    );
    let investigate = push(
        end_of_day(naive_add_days(cal, day, 3)),
        true,
        met("investigation_reported"),
    );
    let resolve = end_of_day(naive_add_days(cal, naive_add_days(cal, day, 5), 2));
    let resolve = push(resolve, true, None);
    let summary = push(instant(naive_add_days(cal, day, 3), 15 * 60 + 30), false, None);
    let paused_calendar: Duration = pauses.iter().map(|(p, r)| *r - *p).sum();
    let final_ = end_of_day(day + Duration::weeks(8)) + paused_calendar;
    let callback = end_of_day(local(resolve).0.checked_add_months(chrono::Months::new(2)).unwrap());
    [ack, answer, triage, investigate, resolve, summary, final_, callback]
}

fn deadlines(c: &mut Criterion) {
    let cal = WorkCalendar::builtin("CN").unwrap();
    let policy = Policy::from_toml(POLICY).unwrap();
    let case = the_case();
    let now = at("2024-10-10T10:00:00+08:00");
    let all = policy.deadlines(&case, &cal, now).unwrap();
    assert_eq!(all.len(), 8);
    let dues: Vec<_> = all.iter().map(|d| d.due.unwrap()).collect();
    let slow = baseline(&case, &cal);
    for ((d, fast), slow) in all.iter().zip(&dues).zip(slow) {
        assert_eq!(*fast, slow, "{}: the baseline disagrees", d.milestone);
    }
    assert_eq!(all[4].paused.len(), 2);

    let mut group = c.benchmark_group("deadlines_8_milestones_2_pauses");
    group.throughput(Throughput::Elements(1));
    group.bench_function("baseline_day_by_day_minute_by_minute", |b| {
        b.iter(|| black_box(baseline(black_box(&case), &cal)))
    });
    group.bench_function("tousu_deadlines", |b| {
        b.iter(|| black_box(policy.deadlines(black_box(&case), &cal, black_box(now)).unwrap()))
    });
    // The same deadlines as plain numbers into a buffer reused from case to case.
    let mut figures = Vec::new();
    policy.deadline_figures(&case, &cal, now, &mut figures).unwrap();
    assert!(figures.iter().zip(&dues).all(|(f, d)| f.due == Some(d.timestamp())));
    group.bench_function("tousu_deadline_figures", |b| {
        b.iter(|| {
            policy
                .deadline_figures(black_box(&case), &cal, black_box(now), &mut figures)
                .unwrap();
            black_box(&figures);
        })
    });
    group.finish();
}

criterion_group!(benches, deadlines);
criterion_main!(benches);
