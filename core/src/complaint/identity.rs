//! Identity documents and the check digits of Chinese identity numbers.
//!
//! - Resident identity card (居民身份证) numbers follow GB 11643-1999: 17 digits (6 region,
//!   8 birth date, 3 sequence) and an ISO 7064 MOD 11-2 check character (`0`–`9` or `X`).
//! - Unified social credit codes (统一社会信用代码) of institutional complainants follow
//!   GB 32100-2015: 17 characters and a MOD 31 check character.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The kind of identity document a complainant shows (R2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IdDocumentKind {
    /// Mainland resident identity card (居民身份证), 18 characters with a check digit.
    ResidentIdCard,
    /// Passport (护照).
    Passport,
    /// Mainland travel permit for Hong Kong and Macao residents (港澳居民来往内地通行证).
    HongKongMacaoPermit,
    /// Mainland travel permit for Taiwan residents (台湾居民来往大陆通行证).
    TaiwanPermit,
    /// Foreign permanent resident ID card (外国人永久居留身份证).
    ForeignPermanentResidentCard,
    /// Unified social credit code of an institution (统一社会信用代码), 18 characters.
    UnifiedSocialCreditCode,
    /// Any other document; the number is kept as given.
    Other,
}

/// An identity document: its kind and number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdDocument {
    /// Which document.
    pub kind: IdDocumentKind,
    /// The number as printed; checked for the kinds that carry a check digit.
    pub number: String,
}

impl IdDocument {
    /// Checks the number against its kind's format and check character.
    pub fn check(&self) -> Result<(), String> {
        match self.kind {
            IdDocumentKind::ResidentIdCard => check_resident_id(&self.number),
            IdDocumentKind::UnifiedSocialCreditCode => check_social_credit_code(&self.number),
            _ => {
                let n = self.number.trim();
                if n.is_empty() {
                    Err("is empty".to_owned())
                } else if n.chars().count() > 32 {
                    Err(format!("`{n}` is longer than 32 characters"))
                } else {
                    Ok(())
                }
            }
        }
    }
}

const RESIDENT_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_CHECK: &[u8; 11] = b"10X98765432";

/// Checks an 18-character mainland resident ID number: digits, a real birth date, and the
/// GB 11643-1999 check character. A lowercase `x` is accepted as `X`.
pub fn check_resident_id(number: &str) -> Result<(), String> {
    let bytes = number.as_bytes();
    if bytes.len() == 15 && bytes.iter().all(u8::is_ascii_digit) {
        return Err(format!(
            "`{number}` is a retired 15-digit number; give the 18-character number"
        ));
    }
    if bytes.len() != 18 {
        return Err(format!(
            "`{number}` has {} characters, expected 18",
            number.chars().count()
        ));
    }
    if !bytes[..17].iter().all(u8::is_ascii_digit) {
        return Err(format!("`{number}` must have 17 digits before the check character"));
    }
    // Digits only from here on, so byte arithmetic is exact (and much cheaper than a format parse).
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    let (year, month, day) = (digits(6..10), digits(10..12), digits(12..14));
    if year < 1800 || NaiveDate::from_ymd_opt(year as i32, month, day).is_none() {
        let birth = &number[6..14];
        return Err(format!("`{number}` has no valid birth date (`{birth}`)"));
    }
    let sum: u32 = bytes[..17]
        .iter()
        .zip(RESIDENT_WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let expected = RESIDENT_CHECK[(sum % 11) as usize];
    let given = bytes[17].to_ascii_uppercase();
    if given != expected {
        return Err(format!(
            "`{number}` fails the check digit: expected `{}`, found `{}`",
            expected as char, bytes[17] as char
        ));
    }
    Ok(())
}

const CREDIT_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Checks an 18-character unified social credit code (GB 32100-2015).
pub fn check_social_credit_code(code: &str) -> Result<(), String> {
    let bytes = code.as_bytes();
    if bytes.len() != 18 {
        return Err(format!("`{code}` has {} characters, expected 18", code.chars().count()));
    }
    let mut values = [0u32; 18];
    for (i, b) in bytes.iter().enumerate() {
        match CREDIT_ALPHABET.iter().position(|c| c == b) {
            Some(v) => values[i] = v as u32,
            None => {
                return Err(format!(
                    "`{code}` has `{}` at position {}, not a credit-code character",
                    *b as char,
                    i + 1
                ))
            }
        }
    }
    let sum: u32 = values[..17].iter().zip(CREDIT_WEIGHTS).map(|(v, w)| v * w).sum();
    let expected = (31 - sum % 31) % 31;
    if values[17] != expected {
        return Err(format!(
            "`{code}` fails the check character: expected `{}`, found `{}`",
            CREDIT_ALPHABET[expected as usize] as char, bytes[17] as char
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // The check digit of a resident ID, computed independently from GB 11643-1999's worked
    // example: 11010519491231002 → weights sum 167, 167 mod 11 = 2 → `X`.
    #[test]
    fn standard_example_passes() {
        assert_eq!(check_resident_id("11010519491231002X"), Ok(()));
        assert_eq!(check_resident_id("11010519491231002x"), Ok(()));
    }

    #[test]
    fn wrong_check_digit_is_named() {
        let err = check_resident_id("110105194912310021").unwrap_err();
        assert!(err.contains("expected `X`, found `1`"), "{err}");
    }

    #[test]
    fn impossible_birth_date_fails() {
        let err = check_resident_id("110105194902301234").unwrap_err();
        assert!(err.contains("birth date"), "{err}");
    }

    #[test]
    fn fifteen_digit_numbers_are_refused_with_a_reason() {
        let err = check_resident_id("110105491231002").unwrap_err();
        assert!(err.contains("retired 15-digit"), "{err}");
    }

    #[test]
    fn lengths_and_letters_fail() {
        assert!(check_resident_id("1101051949123100").is_err());
        assert!(check_resident_id("1101051949123100AX").is_err());
    }

    // A code published on the national enterprise credit system: 91350100M000100Y43.
    #[test]
    fn social_credit_code_check() {
        assert_eq!(check_social_credit_code("91350100M000100Y43"), Ok(()));
        let err = check_social_credit_code("91350100M000100Y44").unwrap_err();
        assert!(err.contains("expected `3`"), "{err}");
        assert!(check_social_credit_code("91350100I000100Y43")
            .unwrap_err()
            .contains("position 9"));
    }
}
