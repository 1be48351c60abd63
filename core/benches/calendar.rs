//! Throughput of the working-day arithmetic, next to a baseline measured in the same run.
//!
//! `cargo bench -p tousu --bench calendar`; figures go to BENCHMARKS.md. Also prints the heap
//! memory of the built-in calendars CN, XSHG and XSHE.
//!
//! Inputs: 1,000,000 (date, n) pairs drawn with a fixed seed, dates uniform over 2006–2024 of
//! the `CN` calendar, n uniform in −250..=250 (about a year of working days either way), so
//! that every result stays within the coverage.

use std::hint::black_box;

use chrono::{Datelike, Days, NaiveDate, TimeDelta};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tousu::WorkCalendar;

const PAIRS: usize = 1_000_000;

/// splitmix64: a fixed, dependency-free stream of pseudo-random numbers.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn pairs() -> Vec<(NaiveDate, i64)> {
    let start = NaiveDate::from_ymd_opt(2006, 1, 1).unwrap();
    let days = (NaiveDate::from_ymd_opt(2024, 12, 31).unwrap() - start).num_days() as u64 + 1;
    let mut state = 2024;
    (0..PAIRS)
        .map(|_| {
            let date = start + Days::new(splitmix(&mut state) % days);
            let n = (splitmix(&mut state) % 501) as i64 - 250;
            (date, n)
        })
        .collect()
}

fn add_working_days(c: &mut Criterion) {
    let cn = WorkCalendar::builtin("CN").unwrap();
    let pairs = pairs();
    // Every pair has an answer: the benchmark measures the hot path, not the error path.
    assert!(pairs.iter().all(|&(d, n)| cn.add_working_days(d, n).is_ok() || n == 0));
    let mut group = c.benchmark_group("add_working_days_1M");
    group.throughput(Throughput::Elements(PAIRS as u64));
    // Baseline: plain calendar-day arithmetic on the same pairs (chrono, no calendar at all).
    group.bench_function("baseline_naive_date_plus_days", |b| {
        b.iter(|| {
            let mut acc = 0u32;
            for &(date, n) in black_box(&pairs) {
                let to = date.checked_add_signed(TimeDelta::days(n)).unwrap();
                acc = acc.wrapping_add(to.ordinal());
            }
            black_box(acc)
        })
    });
    group.bench_function("tousu_cn_add_working_days", |b| {
        b.iter(|| {
            let mut acc = 0u32;
            for &(date, n) in black_box(&pairs) {
                // n = 0 on a rest day is an error; count it as 0 like any other answer.
                let to = cn.add_working_days(date, n).map_or(0, |d| d.ordinal());
                acc = acc.wrapping_add(to);
            }
            black_box(acc)
        })
    });
    group.finish();

    let mut group = c.benchmark_group("is_working_day_1M");
    group.throughput(Throughput::Elements(PAIRS as u64));
    group.bench_function("tousu_cn_is_working_day", |b| {
        b.iter(|| {
            let mut count = 0u32;
            for &(date, _) in black_box(&pairs) {
                count += u32::from(cn.is_working_day(date).unwrap());
            }
            black_box(count)
        })
    });
    group.bench_function("tousu_cn_working_days_between", |b| {
        b.iter(|| {
            let mut acc = 0i64;
            for w in black_box(&pairs).windows(2) {
                acc = acc.wrapping_add(cn.working_days_between(w[0].0, w[1].0).unwrap());
            }
            black_box(acc)
        })
    });
    group.finish();
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load_builtin");
    group.bench_function("tousu_builtin_cn", |b| {
        b.iter(|| black_box(WorkCalendar::builtin(black_box("CN")).unwrap()))
    });
    group.finish();
    let heap: Vec<(String, usize)> = ["CN", "XSHG", "XSHE"]
        .iter()
        .map(|code| (code.to_string(), WorkCalendar::builtin(code).unwrap().heap_size()))
        .collect();
    let total: usize = heap.iter().map(|(_, bytes)| bytes).sum();
    println!(
        "built-in calendars on the heap: {heap:?}, together {total} bytes ({:.1} KiB)",
        total as f64 / 1024.0
    );
}

criterion_group!(benches, add_working_days, load);
criterion_main!(benches);
