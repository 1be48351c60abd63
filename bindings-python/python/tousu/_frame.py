"""The pandas side of ``Policy.deadlines_frame``: assembles the columns computed in Rust.

pandas is imported here, when a frame is asked for, so that ``import tousu`` never needs it.
Every step is a whole-column numpy or pandas operation; nothing runs per row.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas

INSTALL_PANDAS = (
    "Policy.deadlines_frame needs pandas, which is not installed: "
    "pip install pandas (or pip install 'tousu[pandas]')"
)


def deadlines_frame(columns: dict[str, Any]) -> pandas.DataFrame:
    """The frame of the columns ``src/frame.rs`` computed (codes for categories, microseconds
    since the epoch for instants, ``NaT`` where absent)."""
    try:
        import pandas as pd
    except ImportError as err:
        raise ImportError(INSTALL_PANDAS, name="pandas") from err

    zone = columns["zone"]
    tz: str | dt.tzinfo = zone if isinstance(zone, str) else dt.timezone(dt.timedelta(seconds=zone))

    def instants(name: str) -> pandas.DatetimeIndex:
        return pd.DatetimeIndex(columns[name]).tz_localize("UTC").tz_convert(tz)

    def category(codes: str, categories: str) -> pandas.Categorical:
        return pd.Categorical.from_codes(columns[codes], categories=columns[categories])

    case_ids = np.asarray(columns["case_ids"], dtype=object)
    return pd.DataFrame(
        {
            "case_id": case_ids[columns["case"]],
            "milestone": category("milestone", "milestones"),
            "status": category("status", "statuses"),
            "unit": category("unit", "units"),
            "started": instants("started"),
            "due": instants("due"),
            "met_at": instants("met_at"),
            "met_by": category("met_by", "actions"),
            "elapsed": columns["elapsed"],
            "remaining": columns["remaining"],
            "paused_time": columns["paused_time"],
            "pauses": columns["pauses"],
            "extensions": columns["extensions"],
            "extensions_over_limit": columns["extensions_over_limit"],
        }
    )
