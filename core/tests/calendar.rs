//! Working-day calendars (issue 3): the shared fixture corpus of known days
//! (`tests/testdata/calendar.toml`), property tests against a naive day-by-day reference, every
//! load error, run-time extension, and the memory of the built-ins.

use std::collections::{BTreeSet, HashSet};

use chrono::{Datelike, Days, NaiveDate, Weekday};
use proptest::prelude::*;
use serde::Deserialize;
use tousu::{Error, ErrorCode, Weekmask, WorkCalendar, YearData, BUILTIN_CALENDARS};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

// =============================================================================================
// The fixture corpus.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixtures {
    day: Vec<DayFixture>,
    add: Vec<AddFixture>,
    between: Vec<BetweenFixture>,
    period: Vec<PeriodFixture>,
    nth: Vec<NthFixture>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DayFixture {
    calendar: String,
    date: toml::value::Datetime,
    working: bool,
    why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AddFixture {
    calendar: String,
    from: toml::value::Datetime,
    n: i64,
    expect: Option<toml::value::Datetime>,
    expect_error: Option<String>,
    why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BetweenFixture {
    calendar: String,
    from: toml::value::Datetime,
    to: toml::value::Datetime,
    expect: i64,
    why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodFixture {
    calendar: String,
    start: toml::value::Datetime,
    days: u32,
    expect: toml::value::Datetime,
    why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NthFixture {
    calendar: String,
    year: i32,
    month: u32,
    n: i32,
    expect: toml::value::Datetime,
    why: String,
}

fn date(value: &toml::value::Datetime) -> NaiveDate {
    let day = value.date.expect("a local date");
    assert!(value.time.is_none() && value.offset.is_none(), "{value}: a local date");
    d(i32::from(day.year), u32::from(day.month), u32::from(day.day))
}

struct Builtins(Vec<WorkCalendar>);

impl Builtins {
    fn load() -> Builtins {
        Builtins(
            BUILTIN_CALENDARS
                .iter()
                .map(|c| WorkCalendar::builtin(c).unwrap())
                .collect(),
        )
    }
    fn get(&self, code: &str) -> &WorkCalendar {
        self.0
            .iter()
            .find(|c| c.code() == code)
            .unwrap_or_else(|| panic!("no calendar {code}"))
    }
}

fn show<T: std::fmt::Debug>(result: &Result<T, Error>) -> String {
    match result {
        Ok(v) => format!("{v:?}"),
        Err(e) => format!("{} ({e})", e.code()),
    }
}

#[test]
fn known_days_of_the_builtin_calendars() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/testdata/calendar.toml")).unwrap();
    let fixtures: Fixtures = toml::from_str(&text).unwrap_or_else(|e| panic!("calendar.toml: {e}"));
    let cals = Builtins::load();
    let mut failures = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            failures.push(what);
        }
    };
    for f in &fixtures.day {
        let got = cals.get(&f.calendar).is_working_day(date(&f.date));
        check(
            matches!(got, Ok(w) if w == f.working),
            format!(
                "day {} {}: got {}, expected {} ({})",
                f.calendar,
                f.date,
                show(&got),
                f.working,
                f.why
            ),
        );
    }
    for f in &fixtures.add {
        let got = cals.get(&f.calendar).add_working_days(date(&f.from), f.n);
        let ok = match (&got, &f.expect, &f.expect_error) {
            (Ok(g), Some(e), None) => *g == date(e),
            (Err(err), None, Some(code)) => err.code().name() == code,
            _ => false,
        };
        let expected = f
            .expect
            .map_or_else(|| format!("{:?}", f.expect_error), |e| e.to_string());
        check(
            ok,
            format!(
                "add {} {} {:+}: got {}, expected {expected} ({})",
                f.calendar,
                f.from,
                f.n,
                show(&got),
                f.why
            ),
        );
    }
    for f in &fixtures.between {
        let got = cals.get(&f.calendar).working_days_between(date(&f.from), date(&f.to));
        check(
            matches!(got, Ok(n) if n == f.expect),
            format!(
                "between {} {}..{}: got {}, expected {} ({})",
                f.calendar,
                f.from,
                f.to,
                show(&got),
                f.expect,
                f.why
            ),
        );
    }
    for f in &fixtures.period {
        let got = cals.get(&f.calendar).civil_code_period_end(date(&f.start), f.days);
        check(
            matches!(got, Ok(e) if e == date(&f.expect)),
            format!(
                "period {} {} + {}: got {}, expected {} ({})",
                f.calendar,
                f.start,
                f.days,
                show(&got),
                f.expect,
                f.why
            ),
        );
    }
    for f in &fixtures.nth {
        let got = cals.get(&f.calendar).nth_working_day_of_month(f.year, f.month, f.n);
        check(
            matches!(got, Ok(e) if e == date(&f.expect)),
            format!(
                "nth {} {}-{:02} #{}: got {}, expected {} ({})",
                f.calendar,
                f.year,
                f.month,
                f.n,
                show(&got),
                f.expect,
                f.why
            ),
        );
    }
    assert!(
        fixtures.day.len() >= 150 && fixtures.add.len() >= 25,
        "the corpus shrank"
    );
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn builtins_cover_2004_to_2026_with_a_source_for_every_year() {
    for cal in Builtins::load().0 {
        assert_eq!(cal.coverage(), 2004..=2026, "{}", cal.code());
        let offset = if cal.code() == "GB-EAW" {
            0
        } else if cal.code() == "US" {
            -5 * 3600
        } else {
            8 * 3600
        };
        assert_eq!(cal.utc_offset().local_minus_utc(), offset, "{}", cal.code());
        assert_eq!(cal.weekmask(), Weekmask::MONDAY_TO_FRIDAY);
        for year in cal.coverage() {
            let source = cal
                .source(year)
                .unwrap_or_else(|| panic!("{} {year}: no source", cal.code()));
            // The State Council's notices are yearly and name their year.
            if ["CN", "XSHG", "XSHE"].contains(&cal.code()) {
                assert!(source.contains(&year.to_string()), "{} {year}: {source}", cal.code());
            }
        }
        assert_eq!(cal.source(2003), None);
    }
}

#[test]
fn exchanges_never_trade_on_a_day_that_is_not_a_working_day() {
    let cals = Builtins::load();
    let cn = cals.get("CN");
    for code in ["XSHG", "XSHE"] {
        let exchange = cals.get(code);
        let mut day = d(2004, 1, 1);
        while day <= d(2026, 12, 31) {
            if exchange.is_working_day(day).unwrap() {
                assert!(
                    cn.is_working_day(day).unwrap(),
                    "{code} trades on {day}, a rest day in CN"
                );
                assert!(
                    day.weekday().num_days_from_monday() < 5,
                    "{code} trades on a weekend: {day}"
                );
            }
            day = day.succ_opt().unwrap();
        }
    }
}

#[test]
fn the_chinese_builtins_take_at_most_64_kib_together() {
    let cals = Builtins::load();
    let total: usize = ["CN", "XSHG", "XSHE"].iter().map(|c| cals.get(c).heap_size()).sum();
    assert!(total <= 64 * 1024, "{total} bytes");
}

// =============================================================================================
// Properties against a naive day-by-day reference.

/// The definition, walked one day at a time.
#[derive(Debug, Clone)]
struct Naive {
    first: i32,
    last: i32,
    mask: Weekmask,
    rest: HashSet<NaiveDate>,
    extra: HashSet<NaiveDate>,
}

impl Naive {
    fn covers(&self, day: NaiveDate) -> bool {
        (self.first..=self.last).contains(&day.year())
    }
    fn working(&self, day: NaiveDate) -> bool {
        (self.mask.contains(day.weekday()) && !self.rest.contains(&day)) || self.extra.contains(&day)
    }
    /// `None`: out of coverage or (n = 0) not a working day.
    fn add(&self, day: NaiveDate, n: i64) -> Option<NaiveDate> {
        if !self.covers(day) {
            return None;
        }
        if n == 0 {
            return self.working(day).then_some(day);
        }
        let mut left = n.unsigned_abs();
        let mut at = day;
        loop {
            at = if n > 0 { at.succ_opt()? } else { at.pred_opt()? };
            if !self.covers(at) {
                return None;
            }
            if self.working(at) {
                left -= 1;
                if left == 0 {
                    return Some(at);
                }
            }
        }
    }
    fn between(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        let count = |from: NaiveDate, to: NaiveDate| {
            let mut n = 0;
            let mut at = from;
            while at < to {
                at = at.succ_opt().unwrap();
                n += i64::from(self.working(at));
            }
            n
        };
        if a <= b {
            count(a, b) // (a, b]
        } else {
            // [b, a): shift both back one day to reuse (x, y].
            -count(b.pred_opt().unwrap(), a.pred_opt().unwrap())
        }
    }
    fn days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        d(self.first, 1, 1)
            .iter_days()
            .take_while(move |day| day.year() <= self.last)
    }
}

fn weekmask() -> impl Strategy<Value = Weekmask> {
    // Mostly realistic masks, sometimes anything (including no working weekday at all).
    prop_oneof![
        4 => Just(Weekmask::MONDAY_TO_FRIDAY),
        1 => Just(Weekmask::from_weekdays([Weekday::Sun, Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu])),
        2 => (0u8..128).prop_map(|bits| Weekmask::from_weekdays(
            (0..7).filter(|i| bits >> i & 1 == 1).map(|i| Weekday::try_from(i as u8).unwrap()))),
    ]
}

/// A random custom calendar: its reference and the same calendar built by the library.
fn calendar() -> impl Strategy<Value = (Naive, WorkCalendar)> {
    (
        1995i32..2095,
        1i32..=4,
        weekmask(),
        prop::collection::vec((0u32..1461, any::<bool>()), 0..120),
    )
        .prop_map(|(first, years, mask, picks)| {
            let last = first + years - 1;
            let span = (d(last, 12, 31) - d(first, 1, 1)).num_days() as u32 + 1;
            let mut naive = Naive {
                first,
                last,
                mask,
                rest: HashSet::new(),
                extra: HashSet::new(),
            };
            for (offset, rest) in picks {
                let day = d(first, 1, 1) + Days::new(u64::from(offset % span));
                if rest {
                    if !naive.extra.contains(&day) {
                        naive.rest.insert(day);
                    }
                } else if !mask.contains(day.weekday()) && !naive.rest.contains(&day) {
                    naive.extra.insert(day);
                }
            }
            let mut builder = WorkCalendar::builder("TEST")
                .name("test")
                .weekmask(mask)
                .coverage(first, last);
            for year in first..=last {
                builder = builder.year(YearData::new(year, format!("notice {year}")));
            }
            builder = builder.rest_days(naive.rest.iter().copied().collect::<BTreeSet<_>>());
            builder = builder.extra_working_days(naive.extra.iter().copied().collect::<BTreeSet<_>>());
            let cal = builder.build().unwrap_or_else(|e| panic!("{e}"));
            (naive, cal)
        })
}

/// A date around the coverage: mostly inside, sometimes a little outside.
fn around(naive: &Naive, pick: u32) -> NaiveDate {
    d(naive.first - 1, 12, 1) + Days::new(u64::from(pick % (366 * (naive.last - naive.first + 1) as u32 + 62)))
}

fn steps() -> impl Strategy<Value = i64> {
    prop_oneof![
        8 => -40i64..=40,
        2 => -1200i64..=1200,
        1 => prop_oneof![Just(i64::MAX), Just(i64::MIN), Just(i64::MAX - 1), Just(i64::MIN + 1)],
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn agrees_with_the_reference_on_every_day((naive, cal) in calendar()) {
        for day in naive.days() {
            prop_assert_eq!(cal.is_working_day(day).unwrap(), naive.working(day), "{}", day);
        }
        prop_assert!(cal.is_working_day(d(naive.first - 1, 12, 31)).is_err());
        prop_assert!(cal.is_working_day(d(naive.last + 1, 1, 1)).is_err());
    }

    #[test]
    fn add_agrees_with_the_reference_and_lands_on_a_working_day(
        (naive, cal) in calendar(), picks in prop::collection::vec((any::<u32>(), steps()), 1..40)
    ) {
        for (pick, n) in picks {
            let day = around(&naive, pick);
            // The naive walk is linear in n; huge n only need the library's answer.
            let expected = if n.unsigned_abs() > 5000 {
                None
            } else {
                naive.add(day, n)
            };
            let got = cal.add_working_days(day, n);
            match (&got, expected) {
                (Ok(g), Some(e)) => {
                    prop_assert_eq!(*g, e, "{} {:+}", day, n);
                    prop_assert!(cal.is_working_day(*g).unwrap());
                }
                (Err(err), None) => {
                    let code = if !naive.covers(day) || n != 0 { ErrorCode::DateOutOfCoverage } else { ErrorCode::NotAWorkingDay };
                    prop_assert_eq!(err.code(), code, "{} {:+}: {}", day, n, err);
                    prop_assert!(err.to_string().starts_with("calendar TEST: "), "{}", err);
                    if code == ErrorCode::DateOutOfCoverage {
                        let years = format!("{}–{}", naive.first, naive.last);
                        prop_assert!(err.to_string().contains(&years), "{}", err);
                        prop_assert!(err.to_string().contains(&day.to_string()), "{}", err);
                    }
                }
                _ => prop_assert!(false, "{} {:+}: got {:?}, reference {:?}", day, n, got, expected),
            }
        }
    }

    #[test]
    fn adds_compose((naive, cal) in calendar(), pick in any::<u32>(), a in -60i64..=60, b in -60i64..=60) {
        let day = around(&naive, pick);
        prop_assume!(a != 0 && b != 0);
        let same_sign = (a > 0) == (b > 0);
        // Same sign: any day. Mixed signs: a working day (from a rest day, +1 then -1 does
        // not come back).
        prop_assume!(same_sign || naive.covers(day) && naive.working(day));
        if let (Ok(step), Ok(whole)) = (cal.add_working_days(day, a), cal.add_working_days(day, a + b)) {
            prop_assert_eq!(cal.add_working_days(step, b).unwrap(), whole);
        } else if same_sign {
            // Beyond the coverage in one go iff beyond it in two steps.
            let two = cal.add_working_days(day, a).and_then(|s| cal.add_working_days(s, b));
            prop_assert!(two.is_err() && cal.add_working_days(day, a + b).is_err());
        }
    }

    #[test]
    fn between_inverts_add((naive, cal) in calendar(), pick in any::<u32>(), n in steps()) {
        let day = around(&naive, pick);
        prop_assume!(n != 0);
        if let Ok(to) = cal.add_working_days(day, n) {
            prop_assert_eq!(cal.working_days_between(day, to).unwrap(), n);
            if naive.working(day) {
                prop_assert_eq!(cal.working_days_between(to, day).unwrap(), -n);
            }
        }
    }

    #[test]
    fn between_agrees_with_the_reference((naive, cal) in calendar(), p in any::<u32>(), q in any::<u32>()) {
        let (a, b) = (around(&naive, p), around(&naive, q));
        let got = cal.working_days_between(a, b);
        if naive.covers(a) && naive.covers(b) {
            prop_assert_eq!(got.unwrap(), naive.between(a, b), "{} {}", a, b);
        } else {
            prop_assert_eq!(got.unwrap_err().code(), ErrorCode::DateOutOfCoverage);
        }
    }

    #[test]
    fn next_and_previous_are_add_one((naive, cal) in calendar(), pick in any::<u32>()) {
        let day = around(&naive, pick);
        prop_assert_eq!(show(&cal.next_working_day(day)), show(&cal.add_working_days(day, 1)));
        prop_assert_eq!(show(&cal.previous_working_day(day)), show(&cal.add_working_days(day, -1)));
        if naive.covers(day) {
            let on_or_after = if naive.working(day) { Some(day) } else { naive.add(day, 1) };
            let on_or_before = if naive.working(day) { Some(day) } else { naive.add(day, -1) };
            prop_assert_eq!(cal.working_day_on_or_after(day).ok(), on_or_after);
            prop_assert_eq!(cal.working_day_on_or_before(day).ok(), on_or_before);
        }
    }

    #[test]
    fn months_agree_with_the_reference((naive, cal) in calendar(), year_pick in 0i32..4, month in 1u32..=12, n in -25i32..=25) {
        let year = naive.first + year_pick % (naive.last - naive.first + 1);
        let working: Vec<NaiveDate> = d(year, month, 1)
            .iter_days()
            .take_while(|day| day.month() == month)
            .filter(|day| naive.working(*day))
            .collect();
        prop_assert_eq!(cal.working_days_in_month(year, month).unwrap() as usize, working.len());
        let expected = match n {
            0 => None,
            1.. => working.get(n as usize - 1).copied(),
            _ => working.len().checked_sub(n.unsigned_abs() as usize).map(|i| working[i]),
        };
        match cal.nth_working_day_of_month(year, month, n) {
            Ok(got) => prop_assert_eq!(Some(got), expected),
            Err(err) => {
                prop_assert_eq!(expected, None);
                prop_assert_eq!(err.code(), ErrorCode::NoSuchWorkingDay);
            }
        }
    }

    #[test]
    fn civil_code_period_end_is_the_first_working_day_from_start_plus_days(
        (naive, cal) in calendar(), pick in any::<u32>(), days in 0u32..400
    ) {
        let start = around(&naive, pick);
        let end = start + Days::new(u64::from(days));
        let expected = if !naive.covers(end) {
            None
        } else if naive.working(end) {
            Some(end)
        } else {
            naive.add(end, 1)
        };
        prop_assert_eq!(cal.civil_code_period_end(start, days).ok(), expected);
    }

    #[test]
    fn toml_json_and_parts_give_the_same_calendar((naive, cal) in calendar()) {
        let toml = to_toml(&cal);
        prop_assert_eq!(&WorkCalendar::from_toml(&toml).unwrap(), &cal);
        prop_assert_eq!(&WorkCalendar::from_json(&to_json(&cal)).unwrap(), &cal);
        // Growing the calendar one year at a time gives the same calendar too.
        let mut grown = WorkCalendar::builder("TEST").name("test").weekmask(naive.mask).coverage(naive.first, naive.first)
            .year(cal.year_data(naive.first).unwrap()).build().unwrap();
        for year in naive.first + 1..=naive.last {
            grown.add_year(cal.year_data(year).unwrap()).unwrap();
        }
        prop_assert_eq!(&grown, &cal);
    }
}

/// A calendar as a TOML file, written from its year data (the test's own writer, so the loader
/// is checked against text it did not produce).
fn to_toml(cal: &WorkCalendar) -> String {
    let dates = |list: &[NaiveDate]| list.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ");
    let mut text = format!(
        "[calendar]\ncode = \"{}\"\nname = {}\nweekmask = \"{}\"\nfirst_year = {}\nlast_year = {}\n",
        cal.code(),
        serde_json::to_string(cal.name()).unwrap(),
        cal.weekmask(),
        cal.first_year(),
        cal.last_year()
    );
    for year in cal.coverage() {
        let data = cal.year_data(year).unwrap();
        text += &format!(
            "\n[[year]]\nyear = {year}\nsource = {}\nrest_days = [{}]\nextra_working_days = [{}]\n",
            serde_json::to_string(&data.source).unwrap(),
            dates(&data.rest_days),
            dates(&data.extra_working_days)
        );
    }
    text
}

fn to_json(cal: &WorkCalendar) -> String {
    let years: Vec<serde_json::Value> = cal
        .coverage()
        .map(|year| {
            let data = cal.year_data(year).unwrap();
            serde_json::json!({"year": year, "source": data.source,
                "rest_days": data.rest_days.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "extra_working_days": data.extra_working_days.iter().map(ToString::to_string).collect::<Vec<_>>()})
        })
        .collect();
    serde_json::json!({"calendar": {"code": cal.code(), "name": cal.name(), "weekmask": cal.weekmask().to_string(),
        "first_year": cal.first_year(), "last_year": cal.last_year()}, "year": years})
    .to_string()
}

// =============================================================================================
// Bad input: every load error names its code, the year and the line.

const HEADER: &str = r#"[calendar]
code = "T"
name = "test"
weekmask = "1111100"
first_year = 2024
last_year = 2025
"#;

const Y2024: &str = r#"
[[year]]
year = 2024
source = "notice 2024"
rest_days = [2024-10-01]
extra_working_days = [2024-09-29]
"#;

const Y2025: &str = r#"
[[year]]
year = 2025
source = "notice 2025"
rest_days = [2025-10-01]
extra_working_days = [2025-09-28]
"#;

/// Loads `text`, expecting a refusal whose first problem has `code`; returns the error.
fn refused(text: &str, code: ErrorCode) -> Error {
    let err = WorkCalendar::from_toml(text).expect_err("refused");
    assert_eq!(err.code(), code, "{err}");
    err
}

/// The line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> u32 {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle} not in text"));
    text[..at].matches('\n').count() as u32 + 1
}

#[test]
fn the_test_calendar_is_valid() {
    let cal = WorkCalendar::from_toml(&format!("{HEADER}{Y2024}{Y2025}")).unwrap();
    assert!(cal.is_working_day(d(2024, 9, 29)).unwrap());
    assert!(!cal.is_working_day(d(2025, 10, 1)).unwrap());
    assert_eq!(cal.source(2025), Some("notice 2025"));
}

#[test]
fn an_unknown_field_is_named_with_its_line() {
    let text = format!("{HEADER}{Y2024}{}", Y2025.replace("source =", "sourse ="));
    let err = refused(&text, ErrorCode::CalendarUnknownField);
    let p = &err.calendar_problems()[0];
    assert_eq!(p.line, Some(line_of(&text, "sourse")), "{err}");
    assert!(
        err.to_string()
            .starts_with("calendar T: line 16 column 1: unknown field `sourse`"),
        "{err}"
    );
    // In the header too, and in JSON with its path.
    let text = HEADER.replace("name =", "nmae =");
    assert!(refused(&text, ErrorCode::CalendarUnknownField)
        .to_string()
        .contains("line 3 column 1: unknown field `nmae`"));
    let err = WorkCalendar::from_json(
        r#"{"calendar": {"code": "J", "name": "j", "first_year": 2024, "last_year": 2024, "colour": 1}, "year": []}"#,
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::CalendarUnknownField);
    assert_eq!(err.calendar_problems()[0].path, "calendar.colour");
    assert!(err.to_string().starts_with("calendar J: line 1 column "), "{err}");
}

#[test]
fn a_missing_year_is_named() {
    let err = refused(&format!("{HEADER}{Y2024}"), ErrorCode::CalendarYearMissing);
    assert_eq!(err.calendar_problems()[0].year, Some(2025));
    assert!(
        err.to_string()
            .contains("year 2025 of the coverage 2024–2025 has no [[year]] entry"),
        "{err}"
    );
}

#[test]
fn a_duplicate_year_is_named_with_its_line() {
    let text = format!("{HEADER}{Y2024}{Y2025}{Y2025}");
    let err = refused(&text, ErrorCode::CalendarYearDuplicate);
    let p = &err.calendar_problems()[0];
    assert_eq!((p.year, p.line), (Some(2025), Some(21)), "{err}");
    assert!(
        err.to_string()
            .contains("line 21 column 8: year[2].year: year 2025 is given twice (first as year[1])"),
        "{err}"
    );
}

#[test]
fn a_date_under_the_wrong_year_is_named_with_its_line() {
    let text = format!(
        "{HEADER}{Y2024}{}",
        Y2025.replace("rest_days = [2025-10-01]", "rest_days = [2025-10-01, 2024-10-02]")
    );
    let err = refused(&text, ErrorCode::CalendarDateOutsideYear);
    let p = &err.calendar_problems()[0];
    assert_eq!(
        (p.year, p.line, p.column),
        (Some(2025), Some(line_of(&text, "2024-10-02")), Some(26))
    );
    assert_eq!(p.path, "year[1].rest_days[1]");
    assert!(
        err.to_string()
            .contains("2024-10-02 is listed under year 2025; list it under year 2024"),
        "{err}"
    );
}

#[test]
fn an_extra_working_day_on_a_weekday_is_refused() {
    let text = format!("{HEADER}{}{Y2025}", Y2024.replace("[2024-09-29]", "[2024-09-30]"));
    let err = refused(&text, ErrorCode::ExtraWorkingDayNotWeekend);
    let p = &err.calendar_problems()[0];
    assert_eq!((p.year, p.line), (Some(2024), Some(line_of(&text, "2024-09-30"))));
    assert!(
        err.to_string()
            .contains("extra working day 2024-09-30 is a Mon, already a working day by the week mask 1111100"),
        "{err}"
    );
}

#[test]
fn a_date_both_rest_and_extra_is_refused() {
    let text = format!(
        "{HEADER}{}{Y2025}",
        Y2024.replace("[2024-10-01]", "[2024-10-01, 2024-09-29]")
    );
    let err = refused(&text, ErrorCode::DateBothRestAndWorking);
    let p = &err.calendar_problems()[0];
    assert_eq!(
        (p.year, p.line),
        (Some(2024), Some(line_of(&text, "extra_working_days")))
    );
    assert!(
        err.to_string()
            .contains("year 2024: 2024-09-29 is both a rest day and an extra working day"),
        "{err}"
    );
}

#[test]
fn an_invalid_weekmask_is_refused_with_its_line() {
    let text = format!("{}{Y2024}{Y2025}", HEADER.replace("1111100", "1111200"));
    let err = refused(&text, ErrorCode::InvalidWeekmask);
    assert_eq!(err.calendar_problems()[0].line, Some(4));
    assert!(
        err.to_string()
            .contains("line 4 column 12: calendar.weekmask: week mask `1111200` is not seven 0/1 characters"),
        "{err}"
    );
}

#[test]
fn other_invalid_data_is_refused_with_its_line() {
    for (from, to, needle, problem) in [
        (
            "first_year = 2024",
            "first_year = 2026",
            "last_year",
            "last_year 2025 is before first_year 2026",
        ),
        (
            "first_year = 2024",
            "first_year = 1800",
            "last_year",
            "the coverage 1800–2025 is 226 years; a calendar covers at most 128",
        ),
        ("code = \"T\"", "code = \"\"", "code", "code is empty"),
        (
            "weekmask",
            "utc_offset = \"UTC+8\"\nweekmask",
            "utc_offset",
            "utc_offset `UTC+8` is not an offset like +08:00",
        ),
    ] {
        let text = format!("{}{Y2024}{Y2025}", HEADER.replace(from, to));
        let err = refused(&text, ErrorCode::InvalidCalendar);
        assert_eq!(err.calendar_problems()[0].line, Some(line_of(&text, needle)), "{err}");
        assert!(err.to_string().contains(problem), "{err}");
    }
    let text = format!(
        "{HEADER}{Y2024}{}",
        Y2025.replace("[2025-10-01]", "[2025-10-01, 2025-10-01]")
    );
    let err = refused(&text, ErrorCode::InvalidCalendar);
    assert!(
        err.to_string()
            .contains("year 2025: 2025-10-01 is listed twice in rest_days"),
        "{err}"
    );
    let text = format!("{HEADER}{Y2024}{Y2025}{}", Y2025.replace("2025", "2026"));
    let err = refused(&text, ErrorCode::InvalidCalendar);
    assert!(
        err.to_string().contains("year 2026 is outside the coverage 2024–2025"),
        "{err}"
    );
    let text = format!("{HEADER}{Y2024}{}", Y2025.replace("notice 2025", " "));
    let err = refused(&text, ErrorCode::InvalidCalendar);
    assert!(err.to_string().contains("year 2025: source is empty"), "{err}");
}

#[test]
fn syntax_and_type_errors_are_located() {
    let text = format!(
        "{HEADER}{Y2024}{}",
        Y2025.replace("[2025-10-01]", "[2025-10-01T00:00:00]")
    );
    let err = refused(&text, ErrorCode::CalendarSyntax);
    assert_eq!(
        err.calendar_problems()[0].line,
        Some(line_of(&text, "2025-10-01T")),
        "{err}"
    );
    assert!(err.to_string().contains("calendar days carry no time of day"), "{err}");
    let err = refused("[calendar\ncode = 1", ErrorCode::CalendarSyntax);
    assert!(err.to_string().starts_with("calendar ?: line 1 column 10: "), "{err}");
    let err = refused(&HEADER.replace("last_year = 2025", ""), ErrorCode::CalendarSyntax);
    assert!(err.to_string().contains("missing field `last_year`"), "{err}");
    let err = WorkCalendar::from_json(
        r#"{"calendar": {"code": "J", "name": "j", "first_year": 2024, "last_year": 2024},
        "year": [{"year": 2024, "source": "s", "rest_days": ["2024-13-01"]}]}"#,
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::CalendarSyntax);
    assert_eq!(err.calendar_problems()[0].path, "year[0].rest_days[0]");
    assert!(
        err.to_string()
            .contains("`2024-13-01` is not a local date like 2024-10-01"),
        "{err}"
    );
}

#[test]
fn every_problem_is_reported_at_once_in_text_order() {
    let text = format!(
        "{}{}{}",
        HEADER.replace("1111100", "11111"),
        Y2024.replace("[2024-10-01]", "[2025-10-01]"),
        Y2025.replace("[2025-10-01]", "[2025-10-01, 2025-10-01]")
    );
    let err = WorkCalendar::from_toml(&text).unwrap_err();
    let codes: Vec<ErrorCode> = err.calendar_problems().iter().map(|p| p.code).collect();
    assert_eq!(
        codes,
        [
            ErrorCode::InvalidWeekmask,
            ErrorCode::CalendarDateOutsideYear,
            ErrorCode::InvalidCalendar
        ]
    );
    let lines: Vec<Option<u32>> = err.calendar_problems().iter().map(|p| p.line).collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "{lines:?}");
}

#[test]
fn a_file_name_given_by_the_caller_is_named() {
    let err = WorkCalendar::from_toml_named(&format!("{HEADER}{Y2024}"), Some("calendars/T.toml")).unwrap_err();
    assert!(err.to_string().starts_with("calendar T (calendars/T.toml): "), "{err}");
}

// =============================================================================================
// Adding years at run time.

fn two_years() -> WorkCalendar {
    WorkCalendar::from_toml(&format!("{HEADER}{Y2024}{Y2025}")).unwrap()
}

#[test]
fn a_new_year_joins_after_or_before_the_coverage() {
    let mut cal = two_years();
    assert_eq!(
        cal.add_working_days(d(2025, 12, 31), 1).unwrap_err().code(),
        ErrorCode::DateOutOfCoverage
    );
    let mut y2026 = YearData::new(2026, "notice 2026");
    y2026.rest_days.push(d(2026, 1, 1));
    y2026.extra_working_days.push(d(2026, 1, 4));
    cal.add_year(y2026).unwrap();
    assert_eq!(cal.coverage(), 2024..=2026);
    assert_eq!(cal.add_working_days(d(2025, 12, 31), 1).unwrap(), d(2026, 1, 2));
    assert_eq!(
        cal.add_working_days(d(2026, 1, 2), 1).unwrap(),
        d(2026, 1, 4),
        "make-up Sunday"
    );
    assert_eq!(cal.source(2026), Some("notice 2026"));

    cal.extend_from_toml("[[year]]\nyear = 2023\nsource = \"notice 2023\"\nrest_days = [2023-12-29]\n")
        .unwrap();
    assert_eq!(cal.coverage(), 2023..=2026);
    assert_eq!(cal.previous_working_day(d(2024, 1, 1)).unwrap(), d(2023, 12, 28));
    assert_eq!(cal.source(2023), Some("notice 2023"));
    assert!(
        cal.is_working_day(d(2024, 9, 29)).unwrap(),
        "existing years keep their days"
    );
    assert_eq!(
        cal.working_days_between(d(2023, 12, 28), d(2026, 1, 4)).unwrap(),
        262 + 261 + 2
    );

    // Several years at once, in any order, at both ends.
    cal.extend_from_json(
        r#"{"year": [{"year": 2028, "source": "n"}, {"year": 2022, "source": "n"}, {"year": 2027, "source": "n"}]}"#,
    )
    .unwrap();
    assert_eq!(cal.coverage(), 2022..=2028);
}

#[test]
fn a_failed_extension_changes_nothing() {
    let cal = two_years();
    let mut grown = cal.clone();
    let err = grown.add_year(YearData::new(2027, "gap")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::CalendarYearMissing);
    assert!(
        err.to_string()
            .contains("year 2027 cannot be added without year 2026: the calendar covers 2024–2025"),
        "{err}"
    );
    let err = grown.add_year(YearData::new(2025, "again")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::CalendarYearDuplicate);
    assert!(err.to_string().contains("year 2025 is already covered"), "{err}");
    // A good year with a bad one: neither is added; the bad one is named with its line.
    let text = "[[year]]\nyear = 2026\nsource = \"ok\"\n\n[[year]]\nyear = 2027\nsource = \"bad\"\nextra_working_days = [2027-01-04]\n";
    let err = grown.extend_from_toml(text).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ExtraWorkingDayNotWeekend);
    assert_eq!(err.calendar_problems()[0].line, Some(8));
    assert!(
        err.to_string()
            .starts_with("calendar T: line 8 column 23: year[1].extra_working_days[0]: year 2027"),
        "{err}"
    );
    let err = grown.extend_from_toml("[calendar]\ncode = \"T\"\n").unwrap_err();
    assert_eq!(err.code(), ErrorCode::CalendarUnknownField);
    assert!(
        err.to_string()
            .starts_with("calendar T: line 1 column 2: unknown field `calendar`"),
        "{err}"
    );
    assert_eq!(grown, cal);
}

// =============================================================================================
// Parts, edge cases.

#[test]
fn the_builder_reports_every_problem_with_the_entry_path() {
    let err = WorkCalendar::builder("B")
        .coverage(2024, 2024)
        .year(YearData {
            extra_working_days: vec![d(2024, 3, 4)],
            ..YearData::new(2024, "x")
        })
        .year(YearData::new(2024, "y"))
        .build()
        .unwrap_err();
    let problems: Vec<String> = err.calendar_problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "year[0].extra_working_days[0]: year 2024: extra working day 2024-03-04 is a Mon, already a working day by the week mask 1111100; only a day the mask rests can be made a working day",
            "year[1].year: year 2024 is given twice (first as year[0])",
        ]
    );
    let err = WorkCalendar::builder("").build().unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidCalendar);
    assert_eq!(
        err.to_string(),
        "calendar ?: calendar.code: code is empty; calendar.coverage: no coverage: give coverage(first_year, last_year) or data for some year"
    );
    // A year without data follows the week mask.
    let cal = WorkCalendar::builder("B").coverage(2024, 2025).build().unwrap();
    assert_eq!(
        cal.working_days_between(d(2023, 12, 31).succ_opt().unwrap(), d(2025, 12, 31))
            .unwrap(),
        261 + 261
    );
    assert_eq!(cal.source(2024), None);
}

#[test]
fn n_zero_and_huge_n() {
    let cal = two_years();
    assert_eq!(cal.add_working_days(d(2024, 9, 29), 0).unwrap(), d(2024, 9, 29));
    let err = cal.add_working_days(d(2024, 9, 28), 0).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotAWorkingDay);
    assert_eq!(
        err.to_string(),
        "calendar T: 2024-09-28 is not a working day: adding 0 working days needs one"
    );
    for n in [i64::MAX, i64::MIN, i64::MAX - 1, i64::MIN + 1, 1 << 40, -(1 << 40)] {
        let err = cal.add_working_days(d(2024, 6, 3), n).unwrap_err();
        assert_eq!(err.code(), ErrorCode::DateOutOfCoverage);
        assert!(
            err.to_string().contains(&format!("{} working days", n.unsigned_abs())),
            "{err}"
        );
    }
    let err = cal.add_working_days(d(2025, 12, 31), 1).unwrap_err();
    assert_eq!(
        err.to_string(),
        "calendar T: 1 working day after 2025-12-31 fall beyond its coverage 2024–2025"
    );
    let err = cal.is_working_day(NaiveDate::MAX).unwrap_err();
    assert!(err.to_string().contains("is outside its coverage 2024–2025"), "{err}");
    assert_eq!(
        cal.civil_code_period_end(NaiveDate::MAX, 1).unwrap_err().code(),
        ErrorCode::DateOutOfCoverage
    );
}

#[test]
fn nth_working_day_of_month_refuses_what_does_not_exist() {
    let cal = two_years();
    assert_eq!(cal.nth_working_day_of_month(2024, 10, 1).unwrap(), d(2024, 10, 2));
    assert_eq!(cal.nth_working_day_of_month(2024, 12, -1).unwrap(), d(2024, 12, 31));
    for (month, n, message) in [
        (10, 0, "n = 0 names no working day"),
        (10, 23, "2024-10 has 22 working days; there is no working day number 23"),
        (10, -23, "there is no working day number -23"),
        (13, 1, "month 13 of 2024 does not exist"),
        (0, 1, "month 0 of 2024 does not exist"),
    ] {
        let err = cal.nth_working_day_of_month(2024, month, n).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NoSuchWorkingDay);
        assert!(err.to_string().contains(message), "{err}");
    }
    assert_eq!(
        cal.nth_working_day_of_month(2026, 1, 1).unwrap_err().code(),
        ErrorCode::DateOutOfCoverage
    );
}
