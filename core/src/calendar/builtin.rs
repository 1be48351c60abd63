//! The built-in calendars, embedded from `core/data/calendars/*.toml`: adding one is an entry
//! of [`TABLE`] and of [`BUILTIN_CALENDARS`].

use super::WorkCalendar;
use crate::error::{Error, ErrorCode, Result};

/// `(code, file as errors name it, text)` of the built-in calendar `core/data/calendars/CODE.toml`.
macro_rules! builtin {
    ($code:literal) => {
        (
            $code,
            concat!("core/data/calendars/", $code, ".toml"),
            include_str!(concat!("../../data/calendars/", $code, ".toml")),
        )
    };
}

/// Every built-in calendar.
const TABLE: &[(&str, &str, &str)] = &[
    builtin!("CN"),
    builtin!("XSHG"),
    builtin!("XSHE"),
    builtin!("GB-EAW"),
    builtin!("US"),
];

/// The codes of the built-in calendars, for [`WorkCalendar::builtin`]:
///
/// - `CN`: mainland China statutory working days (中国大陆法定工作日), from the State Council's
///   yearly holiday notices, make-up working days (调休) included;
/// - `XSHG`: Shanghai Stock Exchange trading days (上海证券交易所交易日);
/// - `XSHE`: Shenzhen Stock Exchange trading days (深圳证券交易所交易日);
/// - `GB-EAW`: England and Wales business days (bank holidays), for the UK FCA DISP rules;
/// - `US`: US federal government working days (federal holidays and executive-order
///   closures), for the CFPB portal.
///
/// All cover 2004–2026; see `core/data/calendars/README.md` for sources and semantics. The
/// exchanges' calendars are their own published closures, not derived from `CN`: they are
/// closed on make-up weekend days, and have closed on some working days (2024-02-09).
pub const BUILTIN_CALENDARS: &[&str] = &["CN", "XSHG", "XSHE", "GB-EAW", "US"];

pub(super) fn load(code: &str) -> Result<WorkCalendar> {
    match TABLE.iter().find(|(c, _, _)| *c == code) {
        Some((_, file, text)) => WorkCalendar::from_toml_named(text, Some(file)),
        None => Err(Error::Calendar {
            code: ErrorCode::UnknownCalendar,
            calendar: code.to_owned(),
            detail: format!(
                "`{code}` is not a built-in calendar; the built-in calendars are {}",
                BUILTIN_CALENDARS.join(", ")
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_and_the_list_agree() {
        let codes: Vec<&str> = TABLE.iter().map(|(c, _, _)| *c).collect();
        assert_eq!(codes, BUILTIN_CALENDARS);
    }

    #[test]
    fn every_builtin_loads_and_names_its_code() {
        for &code in BUILTIN_CALENDARS {
            let cal = load(code).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(cal.code(), code);
        }
    }

    #[test]
    fn an_unknown_code_is_refused_by_name() {
        let err = load("XHKG").unwrap_err();
        assert_eq!(err.code(), ErrorCode::UnknownCalendar);
        assert_eq!(
            err.to_string(),
            "calendar XHKG: `XHKG` is not a built-in calendar; the built-in calendars are CN, XSHG, XSHE, GB-EAW, US"
        );
    }
}
