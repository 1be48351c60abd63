//! `tousu_taxonomy`: the category codes a rule set is checked against (core's `Taxonomy`).

use std::ffi::{c_char, CString};
use std::ptr;

use tousu_core::Taxonomy;

use crate::error::{c_text, tousu_error};
use crate::panic::{guard, guard_value};
use crate::status::tousu_status;

/// A versioned taxonomy of complaint categories: dotted codes (`fees.commission`) with Chinese
/// and English labels. The default one, `cn.securities`, covers what a securities brokerage
/// meets (R8); `tousu_taxonomy_from_toml` reads a brokerage's own.
///
/// Created by `tousu_taxonomy_default` or `tousu_taxonomy_from_toml`, freed by
/// `tousu_taxonomy_free`. Immutable: share one between any number of threads. A rule set
/// compiled against it keeps its own copy, so the taxonomy may be freed once the rule set is
/// built.
#[allow(non_camel_case_types)]
pub struct tousu_taxonomy {
    pub(crate) inner: Taxonomy,
    id: CString,
    codes: Vec<CString>,
}

fn boxed(inner: Taxonomy) -> *mut tousu_taxonomy {
    let taxonomy = tousu_taxonomy {
        id: c_text(inner.id()),
        codes: inner.categories().map(|(_, c)| c_text(c.code())).collect(),
        inner,
    };
    Box::into_raw(Box::new(taxonomy))
}

/// The default securities-brokerage taxonomy, `cn.securities` (`core/data/taxonomy/`).
///
/// On success `*out` receives a new taxonomy (free it with `tousu_taxonomy_free`).
/// `TOUSU_STATUS_NULL_ARGUMENT` when `out` is NULL; then nothing is written.
///
/// # Safety
/// `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_taxonomy_default(
    out: *mut *mut tousu_taxonomy,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_taxonomy_default", err, |call| {
        // SAFETY: the contract above.
        let out = unsafe { call.out("out", out)? };
        out.write(boxed(Taxonomy::default_securities()));
        Ok(())
    })
}

/// Reads a taxonomy from TOML text (the format of `core/data/taxonomy/README.md`).
///
/// `file_name` is optional (NULL for none): when given, error messages name it. A text with
/// problems fails with the status of the first (`TOUSU_STATUS_TAXONOMY_SYNTAX`,
/// `TOUSU_STATUS_INVALID_TAXONOMY`) and a message listing every problem with its line and
/// column and the category it is about. On failure `*out` is not touched.
///
/// # Safety
/// `toml` and `file_name` are NULL or NUL-terminated strings; `out` and `err` are NULL or
/// writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_taxonomy_from_toml(
    toml: *const c_char,
    file_name: *const c_char,
    out: *mut *mut tousu_taxonomy,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_taxonomy_from_toml", err, |call| {
        // SAFETY: the contract above.
        let (text, file, out) = unsafe {
            (
                call.str("toml", toml)?,
                call.optional_str("file_name", file_name)?,
                call.out("out", out)?,
            )
        };
        out.write(boxed(Taxonomy::from_toml_named(text, file)?));
        Ok(())
    })
}

/// Frees a taxonomy. NULL is a no-op. Rule sets compiled against it stay valid.
///
/// # Safety
/// `taxonomy` is NULL or a taxonomy from this library, not freed before and no longer in use
/// by any thread; it is invalid afterwards, and so are the strings its accessors returned.
#[no_mangle]
pub unsafe extern "C" fn tousu_taxonomy_free(taxonomy: *mut tousu_taxonomy) {
    guard_value((), || {
        if !taxonomy.is_null() {
            // SAFETY: created by `Box::into_raw` in `boxed`, freed once.
            drop(unsafe { Box::from_raw(taxonomy) });
        }
    })
}

/// The taxonomy's id (`"cn.securities"`). The string belongs to the taxonomy: valid until
/// `tousu_taxonomy_free`. NULL when `taxonomy` is NULL.
///
/// # Safety
/// `taxonomy` is NULL or a live taxonomy.
#[no_mangle]
pub unsafe extern "C" fn tousu_taxonomy_id(taxonomy: *const tousu_taxonomy) -> *const c_char {
    // SAFETY: the contract above.
    let taxonomy = unsafe { taxonomy.as_ref() };
    guard_value(ptr::null(), || taxonomy.map_or(ptr::null(), |t| t.id.as_ptr()))
}

/// The taxonomy's version; 0 when `taxonomy` is NULL.
///
/// # Safety
/// `taxonomy` is NULL or a live taxonomy.
#[no_mangle]
pub unsafe extern "C" fn tousu_taxonomy_version(taxonomy: *const tousu_taxonomy) -> u32 {
    // SAFETY: the contract above.
    let taxonomy = unsafe { taxonomy.as_ref() };
    guard_value(0, || taxonomy.map_or(0, |t| t.inner.version()))
}

/// How many categories the taxonomy has; 0 when `taxonomy` is NULL.
///
/// # Safety
/// `taxonomy` is NULL or a live taxonomy.
#[no_mangle]
pub unsafe extern "C" fn tousu_taxonomy_category_count(taxonomy: *const tousu_taxonomy) -> usize {
    // SAFETY: the contract above.
    let taxonomy = unsafe { taxonomy.as_ref() };
    guard_value(0, || taxonomy.map_or(0, |t| t.codes.len()))
}

/// The code of category `index` (0-based, parents before their subtrees): `"fees"`,
/// `"fees.commission"`, ... The string belongs to the taxonomy. NULL when `taxonomy` is NULL
/// or `index >= tousu_taxonomy_category_count(taxonomy)`.
///
/// # Safety
/// `taxonomy` is NULL or a live taxonomy.
#[no_mangle]
pub unsafe extern "C" fn tousu_taxonomy_category_code(taxonomy: *const tousu_taxonomy, index: usize) -> *const c_char {
    // SAFETY: the contract above.
    let taxonomy = unsafe { taxonomy.as_ref() };
    guard_value(ptr::null(), || {
        taxonomy
            .and_then(|t| t.codes.get(index))
            .map_or(ptr::null(), |c| c.as_ptr())
    })
}
