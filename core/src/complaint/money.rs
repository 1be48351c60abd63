//! Money as integer minor units with an ISO 4217 currency code. No floating point anywhere.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An amount of money: integer minor units (fen for CNY, cents for USD) and a currency.
///
/// The amount is signed so that bad input can be *read* and then rejected by validation with a
/// clear message naming the field, instead of failing inside the JSON parser.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// The amount in minor units: 1234567 CNY is ¥12,345.67.
    pub minor_units: i64,
    /// Three uppercase letters, ISO 4217 (`CNY`, `HKD`, `USD`).
    pub currency: String,
}

impl Money {
    /// CNY in fen.
    pub fn cny(fen: i64) -> Money {
        Money {
            minor_units: fen,
            currency: "CNY".to_owned(),
        }
    }

    /// Problems with this amount as a claim: negative, or a malformed currency code.
    pub(crate) fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.minor_units < 0 {
            out.push(("minor_units", format!("{} is negative", self.minor_units)));
        }
        let c = self.currency.as_bytes();
        if c.len() != 3 || !c.iter().all(u8::is_ascii_uppercase) {
            out.push((
                "currency",
                format!("`{}` is not a three-letter ISO 4217 code", self.currency),
            ));
        }
        out
    }
}

impl fmt::Display for Money {
    /// `12345.67 CNY` — two minor digits, which holds for CNY, HKD and USD.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.minor_units < 0 { "-" } else { "" };
        let abs = self.minor_units.unsigned_abs();
        write!(f, "{sign}{}.{:02} {}", abs / 100, abs % 100, self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_minor_units_exactly() {
        assert_eq!(Money::cny(1_234_567).to_string(), "12345.67 CNY");
        assert_eq!(Money::cny(5).to_string(), "0.05 CNY");
        assert_eq!(Money::cny(i64::MIN).to_string(), "-92233720368547758.08 CNY");
    }

    #[test]
    fn negative_and_bad_currency_are_problems() {
        let m = Money {
            minor_units: -1,
            currency: "cny".into(),
        };
        let fields: Vec<_> = m.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["minor_units", "currency"]);
        assert!(Money::cny(0).problems().is_empty());
    }
}
