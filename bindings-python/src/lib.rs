//! `tousu._tousu`: the Python surface of tousu, built with PyO3 and maturin.
//!
//! The binding converts and forwards. Every record is handed to core as JSON text through the
//! same readers the C surface uses (`Complaint::from_json`, `Event::from_json`,
//! `Case::from_json`), so validation, transitions and error codes are decided once, in core.
//! Errors become the exceptions of `tousu/_errors.py`, chosen by the code's category.

mod calendar;
mod case;
mod complaint;
mod convert;
mod deadline;
mod errors;
mod event;
mod frame;
mod pickle;
mod routing;
mod routing_frame;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use tousu::ErrorCode;

/// The exception class tousu raises for the code `number` (for tests of the code-to-class
/// mapping).
#[pyfunction]
fn _exception_class(py: Python<'_>, number: u32) -> PyResult<Bound<'_, PyAny>> {
    let code = ErrorCode::from_number(number)
        .ok_or_else(|| PyValueError::new_err(format!("{number} is not a tousu error code")))?;
    errors::class(py, code)
}

/// tousu — securities-brokerage complaint handling (the compiled part; import `tousu`).
#[pymodule]
fn _tousu(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<complaint::PyComplaint>()?;
    m.add_class::<event::PyEvent>()?;
    m.add_class::<case::PyCase>()?;
    m.add_class::<calendar::PyWorkCalendar>()?;
    m.add_class::<deadline::PyPolicy>()?;
    m.add_class::<deadline::PyDeadline>()?;
    m.add_class::<routing::PyTaxonomy>()?;
    m.add_class::<routing::PyRuleSet>()?;
    m.add_class::<routing::PyDecision>()?;
    m.add_class::<routing::PyDirectory>()?;
    m.add_class::<routing::PyAssignment>()?;
    let codes = PyDict::new(py);
    for code in ErrorCode::ALL {
        codes.set_item(code.name(), code.number())?;
    }
    m.add("ERROR_CODES", codes)?;
    m.add("CASE_SCHEMA_VERSION", tousu::CASE_SCHEMA_VERSION)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(_exception_class, m)?)?;
    Ok(())
}
