//! Unit tests of the calendar module: the built-in data seen through `year_data`, and the
//! corners of the representation. The public behaviour is tested in `core/tests/calendar.rs`.

use chrono::{NaiveDate, Weekday};

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn cn_2024_as_data_is_the_notice() {
    // 国办发明电〔2023〕7号: the weekday holidays and the make-up days, written by hand.
    let data = WorkCalendar::builtin("CN").unwrap().year_data(2024).unwrap();
    let weekday_holidays = [
        d(2024, 1, 1),
        d(2024, 2, 12),
        d(2024, 2, 13),
        d(2024, 2, 14),
        d(2024, 2, 15),
        d(2024, 2, 16),
        d(2024, 4, 4),
        d(2024, 4, 5),
        d(2024, 5, 1),
        d(2024, 5, 2),
        d(2024, 5, 3),
        d(2024, 6, 10),
        d(2024, 9, 16),
        d(2024, 9, 17),
        d(2024, 10, 1),
        d(2024, 10, 2),
        d(2024, 10, 3),
        d(2024, 10, 4),
        d(2024, 10, 7),
    ];
    assert_eq!(data.rest_days, weekday_holidays);
    let make_up = [
        d(2024, 2, 4),
        d(2024, 2, 18),
        d(2024, 4, 7),
        d(2024, 4, 28),
        d(2024, 5, 11),
        d(2024, 9, 14),
        d(2024, 9, 29),
        d(2024, 10, 12),
    ];
    assert_eq!(data.extra_working_days, make_up);
    assert!(data.source.contains("国办发明电〔2023〕7号"), "{}", data.source);
}

#[test]
fn xshg_2024_adds_new_years_eve_and_no_make_up_day() {
    let cn = WorkCalendar::builtin("CN").unwrap().year_data(2024).unwrap();
    let xshg = WorkCalendar::builtin("XSHG").unwrap().year_data(2024).unwrap();
    assert!(xshg.extra_working_days.is_empty());
    let only_exchange: Vec<NaiveDate> = xshg
        .rest_days
        .iter()
        .filter(|d| !cn.rest_days.contains(d))
        .copied()
        .collect();
    assert_eq!(only_exchange, [d(2024, 2, 9)]);
}

#[test]
fn a_mask_with_no_working_weekday_works_only_its_extra_days() {
    let cal = WorkCalendar::builder("X")
        .weekmask(Weekmask::from_weekdays([]))
        .coverage(2024, 2024)
        .extra_working_days([d(2024, 3, 4), d(2024, 3, 9)])
        .build()
        .unwrap();
    assert_eq!(cal.add_working_days(d(2024, 1, 1), 1).unwrap(), d(2024, 3, 4));
    assert_eq!(cal.add_working_days(d(2024, 3, 4), 1).unwrap(), d(2024, 3, 9));
    assert_eq!(
        cal.add_working_days(d(2024, 3, 9), 1).unwrap_err().code(),
        ErrorCode::DateOutOfCoverage
    );
    assert_eq!(cal.working_days_in_month(2024, 3).unwrap(), 2);
    assert_eq!(
        cal.year_data(2024).unwrap().extra_working_days,
        [d(2024, 3, 4), d(2024, 3, 9)]
    );
}

#[test]
fn the_last_day_of_a_leap_year_and_of_the_coverage() {
    let cal = WorkCalendar::builder("L")
        .weekmask(Weekmask::from_weekdays([Weekday::Tue]))
        .coverage(2024, 2024)
        .build()
        .unwrap();
    // 2024-12-31 is a Tuesday, day 366.
    assert!(cal.is_working_day(d(2024, 12, 31)).unwrap());
    assert_eq!(cal.add_working_days(d(2024, 12, 25), 1).unwrap(), d(2024, 12, 31));
    assert_eq!(cal.nth_working_day_of_month(2024, 12, -1).unwrap(), d(2024, 12, 31));
    assert_eq!(cal.working_days_between(d(2024, 1, 1), d(2024, 12, 31)).unwrap(), 53);
}

#[test]
fn debug_names_the_calendar_without_dumping_it() {
    let cal = WorkCalendar::builder("D")
        .name("demo")
        .coverage(2024, 2025)
        .build()
        .unwrap();
    assert_eq!(
        format!("{cal:?}"),
        r#"WorkCalendar { code: "D", name: "demo", weekmask: Weekmask(1111100), coverage: 2024..=2025, working_days: 523, .. }"#
    );
}

#[test]
fn the_longest_coverage_fits_and_one_more_year_does_not() {
    let mut cal = WorkCalendar::builder("M")
        .coverage(1900, 1900 + days::MAX_YEARS as i32 - 1)
        .build()
        .unwrap();
    assert_eq!(cal.last_year(), 2027);
    assert!(cal.is_working_day(d(2027, 12, 31)).unwrap());
    assert_eq!(cal.add_working_days(d(1900, 1, 1), 1).unwrap(), d(1900, 1, 2));
    let err = cal.add_year(YearData::new(2028, "one too many")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidCalendar);
    assert!(
        err.to_string()
            .contains("the coverage would become 1900–2028; a calendar covers at most 128 years"),
        "{err}"
    );
}

#[test]
fn day_count_questions_agree_with_date_questions() {
    for code in BUILTIN_CALENDARS {
        let cal = WorkCalendar::builtin(code).unwrap();
        let mut date = d(2003, 12, 20);
        let mut i = 0i64;
        while date <= d(2027, 1, 10) {
            let day = epoch_day(date);
            assert_eq!(epoch_date(day), Some(date));
            assert_eq!(cal.is_working_day_epoch(day), cal.is_working_day(date), "{code} {date}");
            for n in [0, 1, -1, 7 + i % 300, -(i % 250) - 2, i64::MAX, i64::MIN] {
                let by_date = cal.add_working_days(date, n).map(epoch_day);
                assert_eq!(cal.add_working_days_epoch(day, n), by_date, "{code} {date} {n:+}");
            }
            let other = day + (i % 97) as i32 - 48;
            let by_date = epoch_date(other)
                .ok_or(())
                .and_then(|o| cal.working_days_between(date, o).map_err(|_| ()));
            assert_eq!(
                cal.working_days_between_epoch(day, other).map_err(|_| ()),
                by_date,
                "{code} {date}"
            );
            date = date.succ_opt().unwrap();
            i += 1;
        }
        let err = cal.add_working_days_epoch(i32::MIN, 1).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::DateOutOfCoverage);
        assert!(
            err.to_string()
                .contains("day -2147483648 from 1970-01-01 is outside its coverage 2004–2026"),
            "{err}"
        );
    }
}

#[test]
fn an_extension_names_its_file_and_changes_nothing_when_refused() {
    let mut cn = WorkCalendar::builtin("CN").unwrap();
    let text = "[[year]]\nyear = 2028\nsource = \"the 2028 notice\"\n";
    let err = cn.extend_from_toml_named(text, Some("cn-2028.toml")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::CalendarYearMissing);
    assert!(err.to_string().contains("cn-2028.toml"), "{err}");
    assert!(!cn
        .extend_from_toml(text)
        .unwrap_err()
        .to_string()
        .contains("cn-2028.toml"));
    assert_eq!(cn.coverage(), 2004..=2026);
}
