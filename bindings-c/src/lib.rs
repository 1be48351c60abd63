//! # tousu-c — the C ABI of tousu
//!
//! ## Overview
//!
//! This crate builds `libtousu.so` / `libtousu.a`, whose interface is `include/tousu.h`,
//! generated from this source by cbindgen (`bindings-c/cbindgen.toml`) and committed. The
//! header's opening comment is the manual: conventions for errors, ownership and threads.
//!
//! The binding converts and forwards: every rule lives in core (`tousu`). A function here
//! checks its pointers and strings, calls core, and turns the result into a `tousu_status` and,
//! on request, a `tousu_error`.
//!
//! ## Usage
//!
//! ```sh
//! cargo build -j2 -p tousu-c
//! cc -std=c99 -I bindings-c/include app.c -L target/debug -Wl,-Bstatic -ltousu -Wl,-Bdynamic -lpthread -ldl -lm
//! bash bindings-c/tests/run.sh     # header freshness, C tests under valgrind, shared fixtures
//! ```
//!
//! ## Examples
//!
//! `examples/c/register_and_close.c` walks a complaint from registration to the archive;
//! `examples/c/deadlines.c` gives the deadlines of a case under a preset policy;
//! `examples/c/routing.c` routes complaints by the default procedure and explains a decision.
//!
//! Module map: [`status`] (`tousu_status`), [`error`] (`tousu_error`), [`complaint`],
//! [`case`] (`tousu_case`, `tousu_stage`), [`calendar`] (`tousu_calendar` and the
//! day arithmetic on `int32_t` dates), [`policy`] (`tousu_policy`), [`deadline`]
//! (`tousu_deadline`, the deadlines of one case or many, typed or as JSON), [`taxonomy`]
//! (`tousu_taxonomy`), [`routing`] (`tousu_rule_set`, `tousu_decision`: routing one or many
//! complaints, typed or as JSON, and explanations), [`directory`] (`tousu_directory`,
//! `tousu_assignment`: the eligible handlers of a routed complaint and who recused and why,
//! typed or as JSON), [`string`] (`tousu_string_free`), and `panic`, the boundary every extern
//! fn goes through (array functions name the failing element there).
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

// Declared in the order of the header's sections (cbindgen keeps source order).
pub mod status;

pub mod error;

pub mod complaint;

pub mod case;

pub mod calendar;

pub mod policy;

pub mod deadline;

pub mod taxonomy;

pub mod routing;

pub mod directory;

pub mod string;

mod panic;

use std::ffi::c_char;

/// The version of this library, e.g. `"0.1.0"` (the version of the tousu crates it was built
/// from). The string is static: never free it. Thread-safe.
#[no_mangle]
pub extern "C" fn tousu_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}
