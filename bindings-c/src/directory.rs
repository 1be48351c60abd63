//! `tousu_directory`: a staff directory, and the eligible handlers of a routed complaint
//! (core's `Directory::assign`: recusal of the person complained about, declared conflicts,
//! the receiver first), typed (`tousu_assignment`, with who recused and why) or as JSON.
//!
//! Assignment routes the complaint within the call. A `tousu_decision` holds the rules that
//! matched (`matched`, by file position: what core's `MatchedRules` holds), but core offers no
//! way to build a `MatchedRules` from positions (only `Decision::matched` makes one), so a
//! decision cannot be turned back into core's `Decision` here without routing again.

use std::ffi::{c_char, CString};
use std::ptr;

use tousu_core::{Assignment, Directory, Error, Recusal};

use crate::complaint::tousu_complaint;
use crate::error::{c_text, tousu_error};
use crate::panic::{guard, guard_value, Call};
use crate::routing::{tousu_decision, tousu_routing_context, tousu_rule_set, with_context};
use crate::status::tousu_status;
use crate::string::into_c_string;

/// Why a holder of the decided handler role may not handle the complaint (core's `Recusal`).
///
/// Numbers are stable and never reused; later versions may add values. The reason in words,
/// naming what a conflict is with, is `tousu_recused.why`.
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum tousu_recusal {
    /// The person complained about (R12).
    ComplainedAbout = 1,
    /// A declared conflict: with the person complained about, the client's account or the case.
    DeclaredConflict = 2,
    /// Away (not available).
    Unavailable = 3,
    /// In another office than the one the decision points at.
    OtherOffice = 4,
    /// In another department than the one the decision names.
    OtherDepartment = 5,
}

impl tousu_recusal {
    /// The C value of a core recusal. `Recusal` is `#[non_exhaustive]`: one core adds before
    /// this enum learns it is `None` (the call then fails with `TOUSU_STATUS_INTERNAL`).
    pub(crate) fn from_recusal(why: &Recusal) -> Option<tousu_recusal> {
        use tousu_recusal as R;
        Some(match why {
            Recusal::ComplainedAbout => R::ComplainedAbout,
            Recusal::DeclaredConflict(_) => R::DeclaredConflict,
            Recusal::Unavailable => R::Unavailable,
            Recusal::OtherOffice => R::OtherOffice,
            Recusal::OtherDepartment => R::OtherDepartment,
            _ => return None,
        })
    }
}

/// A holder of the decided handler role who may not handle the complaint, and why. Its
/// strings belong to the assignment: valid until `tousu_assignment_free`.
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct tousu_recused {
    /// The person's staff id (`"SZFT002"`).
    pub person: *const c_char,
    /// Why, as a value to test.
    pub reason: tousu_recusal,
    /// Why, in core's words, naming what a conflict is with: `"is the person complained about
    /// and must recuse (R12)"`, `"declared a conflict with the client's account 0012345678"`.
    pub why: *const c_char,
}

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

/// The eligible handlers of a routed complaint, and who holding the role may not handle it and
/// why (core's `Assignment`).
///
/// Created by `tousu_directory_assign`, freed by `tousu_assignment_free`. Immutable: its
/// accessors may be called from several threads at once. Its strings belong to it: valid until
/// it is freed.
#[allow(non_camel_case_types)]
pub struct tousu_assignment {
    role: CString,
    office: CString,
    owner: CString,
    hand_over_needed: bool,
    handlers: Vec<CString>,
    recused: Vec<tousu_recused>,
    /// The strings `recused` points to (person, why): owned here, never read but through it.
    #[allow(dead_code)]
    recused_text: Vec<(CString, CString)>,
}

impl tousu_assignment {
    fn new(call: Call, a: &Assignment<'_>) -> Result<tousu_assignment, Error> {
        let recused_text: Vec<(CString, CString)> = a
            .recused
            .iter()
            .map(|(p, why)| (c_text(&p.id), c_text(&why.to_string())))
            .collect();
        let recused = a
            .recused
            .iter()
            .zip(&recused_text)
            .map(|((_, why), (person, words))| {
                let reason = tousu_recusal::from_recusal(why)
                    .ok_or_else(|| call.internal(&format!("recusal `{why}` has no tousu_recusal value")))?;
                Ok(tousu_recused {
                    person: person.as_ptr(),
                    reason,
                    why: words.as_ptr(),
                })
            })
            .collect::<Result<_, Error>>()?;
        Ok(tousu_assignment {
            role: c_text(&a.role),
            office: c_text(&a.office),
            owner: c_text(&a.owner),
            hand_over_needed: a.hand_over_needed(),
            handlers: a.handlers.iter().map(|p| c_text(&p.id)).collect(),
            recused,
            recused_text,
        })
    }
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

/// The handles of an assignment call, checked in argument order.
struct Assigning<'a> {
    directory: &'a tousu_directory,
    rules: &'a tousu_rule_set,
    complaint: &'a tousu_complaint,
}

impl<'a> Assigning<'a> {
    /// # Safety
    /// `directory`, `rules` and `complaint` are NULL or live handles no thread changes during
    /// `'a`.
    unsafe fn new(
        call: Call,
        directory: *const tousu_directory,
        rules: *const tousu_rule_set,
        complaint: *const tousu_complaint,
    ) -> Result<Assigning<'a>, Error> {
        // SAFETY: by the caller's contract.
        unsafe {
            Ok(Assigning {
                directory: call.get("directory", directory)?,
                rules: call.get("rules", rules)?,
                complaint: call.get("complaint", complaint)?,
            })
        }
    }

    /// Routes the complaint with `context`, asks core for the assignment and hands it to `f`.
    ///
    /// # Safety
    /// As for [`with_context`].
    unsafe fn assign<R>(
        &self,
        call: Call,
        context: *const tousu_routing_context,
        f: impl FnOnce(&Assignment<'_>) -> Result<R, Error>,
    ) -> Result<R, Error> {
        // SAFETY: by the caller's contract.
        unsafe {
            with_context(call, context, |ctx| {
                let decision = self.rules.inner.route(&self.complaint.inner, ctx)?;
                f(&self.directory.inner.assign(&self.complaint.inner, &decision)?)
            })
        }
    }
}

/// `tousu_directory_assign` for a decision already made: `decision` is what `rules` gave for
/// `complaint` (by `tousu_rule_set_route`, `_route_many` or `_route_many_by_complainant`,
/// kept by the caller), so the complaint is not routed again. The rule set's matched rules in
/// `decision.matched` decide; a decision another rule set made (or one changed since) is
/// refused with `TOUSU_STATUS_INVALID_ARGUMENT`, not reinterpreted.
///
/// ```c
/// tousu_decision d;
/// tousu_assignment *a = NULL;
/// if (tousu_rule_set_route(rules, complaint, NULL, &d, &err) == TOUSU_STATUS_OK
///     && tousu_directory_assign_decision(staff, rules, complaint, &d, &a, &err) == TOUSU_STATUS_OK) {
///     printf("%zu may handle it\n", tousu_assignment_handler_count(a));
///     tousu_assignment_free(a);
/// }
/// ```
///
/// Errors, ownership and threads otherwise as for `tousu_directory_assign`.
///
/// # Safety
/// `directory`, `rules` and `complaint` are NULL or live handles no thread changes during the
/// call; `decision` is NULL or readable; `out` and `err` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn tousu_directory_assign_decision(
    directory: *const tousu_directory,
    rules: *const tousu_rule_set,
    complaint: *const tousu_complaint,
    decision: *const tousu_decision,
    out: *mut *mut tousu_assignment,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_directory_assign_decision", err, |call| {
        // SAFETY: the contract above.
        unsafe {
            let (assigning, decision, out) = (
                Assigning::new(call, directory, rules, complaint)?,
                call.get("decision", decision)?,
                call.out("out", out)?,
            );
            let decision = assigning.rules.decision_of(call, decision)?;
            let assignment = assigning
                .directory
                .inner
                .assign(&assigning.complaint.inner, &decision)?;
            let typed = tousu_assignment::new(call, &assignment)?;
            out.write(Box::into_raw(Box::new(typed)));
        }
        Ok(())
    })
}

/// The eligible handlers of `complaint` as routed by `rules` (with `context`, NULL for none):
/// the people holding the decided handler role, in the office the decision points at (head
/// office for `head_office`, else the branch complained about or the registering branch), in
/// its department when it names one, available — never the person complained about (R12) nor
/// anyone with a declared conflict; the receiver first when eligible (R5). Every other holder
/// of the role is listed with the reason (`tousu_assignment_recused`). The complaint is routed
/// within the call (a `tousu_decision` cannot be turned back into core's decision).
///
/// On success `*out` receives a new assignment (free it with `tousu_assignment_free`):
///
/// ```c
/// tousu_assignment *a = NULL;
/// size_t i;
/// if (tousu_directory_assign(staff, rules, complaint, NULL, &a, &err) == TOUSU_STATUS_OK) {
///     for (i = 0; i < tousu_assignment_handler_count(a); i++)
///         printf("may handle it: %s\n", tousu_assignment_handler(a, i));
///     for (i = 0; i < tousu_assignment_recused_count(a); i++) {
///         const tousu_recused *r = tousu_assignment_recused(a, i);
///         if (r->reason == TOUSU_RECUSAL_COMPLAINED_ABOUT) ...
///         printf("%s %s\n", r->person, r->why);
///     }
///     tousu_assignment_free(a);
/// }
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
pub unsafe extern "C" fn tousu_directory_assign(
    directory: *const tousu_directory,
    rules: *const tousu_rule_set,
    complaint: *const tousu_complaint,
    context: *const tousu_routing_context,
    out: *mut *mut tousu_assignment,
    err: *mut *mut tousu_error,
) -> tousu_status {
    guard("tousu_directory_assign", err, |call| {
        // SAFETY: the contract above.
        unsafe {
            let (assigning, out) = (
                Assigning::new(call, directory, rules, complaint)?,
                call.out("out", out)?,
            );
            let typed = assigning.assign(call, context, |a| tousu_assignment::new(call, a))?;
            out.write(Box::into_raw(Box::new(typed)));
        }
        Ok(())
    })
}

/// The same assignment as a JSON string, which `*out` receives on success (free it with
/// `tousu_string_free`):
///
/// ```json
/// {"role":"operations_supervisor","office":"深圳福田营业部","owner":"SZFT011",
///  "hand_over_needed":true,"handlers":["SZFT002","SZFT003"],
///  "recused":[{"person":"SZFT021","why":"is the person complained about and must recuse (R12)"}]}
/// ```
///
/// Errors and threads as for `tousu_directory_assign`; on failure `*out` is not touched.
///
/// # Safety
/// As for `tousu_directory_assign`, with `out` NULL or writable.
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
            let (assigning, out) = (
                Assigning::new(call, directory, rules, complaint)?,
                call.out("out", out)?,
            );
            let json = assigning.assign(call, context, |a| Ok(assignment_json(a)))?;
            out.write(into_c_string(call, json)?);
        }
        Ok(())
    })
}

/// Frees an assignment and every string it returned. NULL is a no-op.
///
/// # Safety
/// `assignment` is NULL or an assignment from this library, not freed before and no longer in
/// use by any thread; it is invalid afterwards, and so are its strings.
#[no_mangle]
pub unsafe extern "C" fn tousu_assignment_free(assignment: *mut tousu_assignment) {
    guard_value((), || {
        if !assignment.is_null() {
            // SAFETY: created by `Box::into_raw` in `tousu_directory_assign`, freed once.
            drop(unsafe { Box::from_raw(assignment) });
        }
    })
}

/// The decided handler role (`"operations_supervisor"`). The string belongs to the
/// assignment; NULL when `assignment` is NULL.
///
/// # Safety
/// `assignment` is NULL or a live assignment.
#[no_mangle]
pub unsafe extern "C" fn tousu_assignment_role(assignment: *const tousu_assignment) -> *const c_char {
    // SAFETY: the contract above.
    let a = unsafe { assignment.as_ref() };
    guard_value(ptr::null(), || a.map_or(ptr::null(), |a| a.role.as_ptr()))
}

/// The office the handlers sit in (`"深圳福田营业部"`, or the directory's head office). The
/// string belongs to the assignment; NULL when `assignment` is NULL.
///
/// # Safety
/// `assignment` is NULL or a live assignment.
#[no_mangle]
pub unsafe extern "C" fn tousu_assignment_office(assignment: *const tousu_assignment) -> *const c_char {
    // SAFETY: the contract above.
    let a = unsafe { assignment.as_ref() };
    guard_value(ptr::null(), || a.map_or(ptr::null(), |a| a.office.as_ptr()))
}

/// The receiver's staff id: the owner of the case until a recorded hand-over (R5). The string
/// belongs to the assignment; NULL when `assignment` is NULL.
///
/// # Safety
/// `assignment` is NULL or a live assignment.
#[no_mangle]
pub unsafe extern "C" fn tousu_assignment_owner(assignment: *const tousu_assignment) -> *const c_char {
    // SAFETY: the contract above.
    let a = unsafe { assignment.as_ref() };
    guard_value(ptr::null(), || a.map_or(ptr::null(), |a| a.owner.as_ptr()))
}

/// Whether the owner must hand the case over (R5): the receiver is not among the handlers.
/// False when `assignment` is NULL.
///
/// # Safety
/// `assignment` is NULL or a live assignment.
#[no_mangle]
pub unsafe extern "C" fn tousu_assignment_hand_over_needed(assignment: *const tousu_assignment) -> bool {
    // SAFETY: the contract above.
    let a = unsafe { assignment.as_ref() };
    guard_value(false, || a.is_some_and(|a| a.hand_over_needed))
}

/// How many people may handle the complaint (at least 1 for an assignment, which exists only
/// when someone may); 0 when `assignment` is NULL.
///
/// # Safety
/// `assignment` is NULL or a live assignment.
#[no_mangle]
pub unsafe extern "C" fn tousu_assignment_handler_count(assignment: *const tousu_assignment) -> usize {
    // SAFETY: the contract above.
    let a = unsafe { assignment.as_ref() };
    guard_value(0, || a.map_or(0, |a| a.handlers.len()))
}

/// The staff id of handler `index` (0-based): the receiver first when eligible, then in
/// directory order. The string belongs to the assignment. NULL when `assignment` is NULL or
/// `index >= tousu_assignment_handler_count(assignment)`.
///
/// # Safety
/// `assignment` is NULL or a live assignment.
#[no_mangle]
pub unsafe extern "C" fn tousu_assignment_handler(assignment: *const tousu_assignment, index: usize) -> *const c_char {
    // SAFETY: the contract above.
    let a = unsafe { assignment.as_ref() };
    guard_value(ptr::null(), || {
        a.and_then(|a| a.handlers.get(index))
            .map_or(ptr::null(), |id| id.as_ptr())
    })
}

/// How many holders of the role may not handle the complaint; 0 when `assignment` is NULL.
///
/// # Safety
/// `assignment` is NULL or a live assignment.
#[no_mangle]
pub unsafe extern "C" fn tousu_assignment_recused_count(assignment: *const tousu_assignment) -> usize {
    // SAFETY: the contract above.
    let a = unsafe { assignment.as_ref() };
    guard_value(0, || a.map_or(0, |a| a.recused.len()))
}

/// Holder `index` (0-based, in directory order) of the role who may not handle the complaint:
/// who, and why. The struct and its strings belong to the assignment. NULL when `assignment`
/// is NULL or `index >= tousu_assignment_recused_count(assignment)`.
///
/// # Safety
/// `assignment` is NULL or a live assignment.
#[no_mangle]
pub unsafe extern "C" fn tousu_assignment_recused(
    assignment: *const tousu_assignment,
    index: usize,
) -> *const tousu_recused {
    // SAFETY: the contract above.
    let a = unsafe { assignment.as_ref() };
    guard_value(ptr::null(), || {
        a.and_then(|a| a.recused.get(index))
            .map_or(ptr::null(), |r| r as *const tousu_recused)
    })
}
