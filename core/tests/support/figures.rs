//! The plain deadline figures against the rich deadlines, field by field: shared by the
//! deadline fixture runner and the deadline properties (included with `#[path]`).

/// The plain figures say what the rich deadlines say, field by field.
pub fn same_figures(all: &[tousu::MilestoneDeadline], figures: &[tousu::DeadlineFigures]) -> Result<(), String> {
    if all.len() != figures.len() {
        return Err(format!("{} deadlines but {} figures", all.len(), figures.len()));
    }
    for (i, (d, n)) in all.iter().zip(figures).enumerate() {
        let rich = (
            i,
            d.unit,
            d.status,
            d.started.map(|t| t.timestamp()),
            d.due.map(|t| t.timestamp()),
            d.due.map_or(0, |t| t.offset().local_minus_utc()),
            d.met_at.map(|t| t.timestamp()),
            d.met_by,
            (
                d.elapsed.num_seconds(),
                d.remaining.num_seconds(),
                d.paused_time.num_seconds(),
            ),
            (d.paused.len(), d.extensions.len(), d.extensions_over_limit.len()),
        );
        let plain = (
            n.milestone,
            n.unit,
            n.status,
            n.started,
            n.due,
            n.due_offset,
            n.met_at,
            n.met_by,
            (n.elapsed, n.remaining, n.paused_time),
            (
                n.pauses as usize,
                n.extensions as usize,
                n.extensions_over_limit as usize,
            ),
        );
        if rich != plain {
            return Err(format!("{}: deadlines {rich:?} but figures {plain:?}", d.milestone));
        }
        let in_unit = |r: f64, p: f64, what: &str| {
            if r.to_bits() == p.to_bits() {
                Ok(())
            } else {
                Err(format!("{}: {what} in unit {r} but figures say {p}", d.milestone))
            }
        };
        in_unit(d.elapsed_in_unit(), n.elapsed_in_unit(), "elapsed")?;
        in_unit(d.remaining_in_unit(), n.remaining_in_unit(), "remaining")?;
        in_unit(d.in_unit(d.paused_time), n.paused_time_in_unit(), "paused time")?;
    }
    Ok(())
}
