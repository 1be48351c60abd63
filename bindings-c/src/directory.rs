//! `tousu_directory`: a staff directory, and the eligible handlers of a routed complaint
//! (core's `Directory::assign`: recusal of the person complained about, declared conflicts,
//! the receiver first).

use std::ffi::{c_char, CString};
use std::ptr;

use tousu_core::{Assignment, Directory};

use crate::complaint::tousu_complaint;
use crate::error::{c_text, tousu_error};
use crate::panic::{guard, guard_value};
use crate::routing::{tousu_routing_context, tousu_rule_set};
use crate::status::tousu_status;
use crate::string::into_c_string;

/// A staff directory: people with their roles, office, department, availability and declared
/// conflicts of interest.
///
/// Created by `tousu_directory_from_toml` or `tousu_directory_from_json`, freed by
/// `tousu_directory_free`. Immutable: share one between any number of threads.
#[allow(non_camel_case_types)]
pub struct tousu_directory {
    inner: Directory,
    id: CString,
}

fn boxed(inner: Directory) -> *mut tousu_directory {
    Box::into_raw(Box::new(tousu_directory {
        id: c_text(inner.id()),
        inner,
    }))
}

/// Reads a staff directory from TOML: `[directory]` (id, version, head_office) and one
/// `[[person]]` per member of staff (id, name, roles, office, department, available,
/// conflicts = { persons, accounts, complaints }):
///
/// ```toml
/// [directory]
/// id = "acme.staff"
/// version = 1
/// head_office = "总部经纪业务管理部"
/// [[person]]
/// id = "SZFT002"
/// name = "王主管"
/// roles = ["operations_supervisor"]
/// office = "深圳福田营业部"
/// ```
///
/// On success `*out` receives a new directory (free it with `tousu_directory_free`). A text
/// with problems fails with `TOUSU_STATUS_INVALID_DIRECTORY` and a message listing every
/// problem with the person and line. On failure `*out` is not touched.
///
/// # Safety
/// `toml` is NULL or a NUL-terminated string; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_directory_from_toml(
    toml: *const c_char,
    out: *mut *mut tousu_directory,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_directory_from_toml", err, |call| {
        // SAFETY: the contract above.
        let (text, out) = unsafe { (call.str("toml", toml)?, call.out("out", out)?) };
        out.write(boxed(Directory::from_toml(text)?));
        Ok(())
    })
}

/// Reads a staff directory from JSON, `{"directory": {...}, "person": [{...}, ...]}` in the
/// schema of `tousu_directory_from_toml`. Otherwise as `tousu_directory_from_toml`.
///
/// # Safety
/// `json` is NULL or a NUL-terminated string; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_directory_from_json(
    json: *const c_char,
    out: *mut *mut tousu_directory,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_directory_from_json", err, |call| {
        // SAFETY: the contract above.
        let (text, out) = unsafe { (call.str("json", json)?, call.out("out", out)?) };
        out.write(boxed(Directory::from_json(text)?));
        Ok(())
    })
}

/// Frees a directory. NULL is a no-op.
///
/// # Safety
/// `directory` is NULL or a directory from this library, not freed before and no longer in use
/// by any thread; it is invalid afterwards.
#[no_mangle]
pub unsafe extern "C" fn tousu_directory_free(directory: *mut tousu_directory) {
    guard_value((), || {
        if !directory.is_null() {
            // SAFETY: created by `Box::into_raw` in `boxed`, freed once.
            drop(unsafe { Box::from_raw(directory) });
        }
    })
}

/// The directory's id. The string belongs to the directory; NULL when `directory` is NULL.
///
/// # Safety
/// `directory` is NULL or a live directory.
#[no_mangle]
pub unsafe extern "C" fn tousu_directory_id(directory: *const tousu_directory) -> *const c_char {
    // SAFETY: the contract above.
    let directory = unsafe { directory.as_ref() };
    guard_value(ptr::null(), || directory.map_or(ptr::null(), |d| d.id.as_ptr()))
}

/// How many people the directory lists; 0 when `directory` is NULL.
///
/// # Safety
/// `directory` is NULL or a live directory.
#[no_mangle]
pub unsafe extern "C" fn tousu_directory_person_count(directory: *const tousu_directory) -> usize {
    // SAFETY: the contract above.
    let directory = unsafe { directory.as_ref() };
    guard_value(0, || directory.map_or(0, |d| d.inner.people().len()))
}

/// The JSON form of an assignment.
fn assignment_json(a: &Assignment<'_>) -> String {
    let recused: Vec<serde_json::Value> = a
        .recused
        .iter()
        .map(|(p, why)| serde_json::json!({"person": p.id, "why": why.to_string()}))
        .collect();
    serde_json::json!({
        "role": a.role,
        "office": a.office,
        "owner": a.owner,
        "hand_over_needed": a.hand_over_needed(),
        "handlers": a.handlers.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        "recused": recused,
    })
    .to_string()
}

/// The eligible handlers of `complaint` as routed by `rules` (with `context`, NULL for none):
/// the people holding the decided handler role, in the office the decision points at (head
/// office for `head_office`, else the branch complained about or the registering branch), in
/// its department when it names one, available — never the person complained about (R12) nor
/// anyone with a declared conflict; the receiver first when eligible (R5). The complaint is
/// routed within the call (a `tousu_decision` does not keep its complaint).
///
/// On success `*out` receives a new JSON string (free it with `tousu_string_free`):
///
/// ```json
/// {"role":"operations_supervisor","office":"深圳福田营业部","owner":"SZFT011",
///  "hand_over_needed":true,"handlers":["SZFT002","SZFT003"],
///  "recused":[{"person":"SZFT021","why":"is the person complained about and must recuse (R12)"}]}
/// ```
///
/// Fails with `TOUSU_STATUS_NO_ELIGIBLE_HANDLER` when the decision names no handler or nobody
/// may take it; the message says why for each holder of the role and names the role to
/// escalate to (`tousu_error_next_level`). Routing errors as for `tousu_rule_set_route`. On
/// failure `*out` is not touched. Thread-safe on a shared directory and rule set.
///
/// # Safety
/// `directory`, `rules` and `complaint` are NULL or live handles no thread changes during the
/// call; `context` is NULL or readable; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_directory_assign_json(
    directory: *const tousu_directory,
    rules: *const tousu_rule_set,
    complaint: *const tousu_complaint,
    context: *const tousu_routing_context,
    out: *mut *mut c_char,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_directory_assign_json", err, |call| {
        // SAFETY: the contract above.
        unsafe {
            let directory = call.get("directory", directory)?;
            let (rules, complaint) = (call.get("rules", rules)?, call.get("complaint", complaint)?);
            let out = call.out("out", out)?;
            let json = crate::routing::with_context(call, context, |ctx| {
                let decision = rules.inner.route(&complaint.inner, ctx)?;
                Ok(assignment_json(&directory.inner.assign(&complaint.inner, &decision)?))
            })?;
            out.write(into_c_string(call, json)?);
        }
        Ok(())
    })
}
