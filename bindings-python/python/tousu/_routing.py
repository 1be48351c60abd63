"""The pandas side of ``RuleSet.route_many`` over a frame.

:func:`frame_columns` turns the frame's columns into numpy arrays the Rust side routes from
(strings as categorical codes, so each distinct value is read once); :func:`decisions_frame`
spreads the few distinct decisions over the rows. Every step is a whole-column numpy or pandas
operation; ``tags`` and ``attributes`` given as lists are handed over as they are and read in
Rust.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    import pandas

INSTALL_PANDAS = (
    "RuleSet.route_many over a frame needs pandas, which is not installed: "
    "pip install pandas (or pip install 'tousu[pandas]')"
)

REQUIRED = ("id", "channel", "category", "branch")
CODED = ("kind", "channel", "category", "severity", "branch", "claimed_amount.currency")
LISTS = ("tags", "attributes")
FORWARDED = ("regulator_forwarded", "judicial_or_association_forwarded")
NAMED = ("respondent.person", "respondent.branch", "respondent.department")


def _codes(column: pandas.Series) -> tuple[NDArray[np.int32], list[Any]]:
    """The column as int32 codes into its distinct values (-1 where missing)."""
    import pandas as pd

    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy().astype(np.int32, copy=False)
        return codes, list(column.cat.categories)
    found, uniques = pd.factorize(column, use_na_sentinel=True)
    return found.astype(np.int32, copy=False), list(uniques)


def _channel(frame: pandas.DataFrame) -> pandas.Series:
    """The channel's name. ``pandas.json_normalize`` leaves ``channel`` missing for a forwarded
    complaint (its JSON ``channel`` is an object) and spreads the forwarding over
    ``channel.regulator_forwarded.body`` and the like: those name the channel."""
    import pandas as pd

    channel = frame["channel"] if "channel" in frame.columns else pd.Series(None, index=frame.index, dtype=object)
    if not channel.hasnans:
        return channel
    for kind in FORWARDED:
        # Any one of the forwarding's columns will do: json_normalize writes them together.
        nested = [c for c in frame.columns if isinstance(c, str) and c.startswith(f"channel.{kind}.")]
        if nested:
            if isinstance(channel.dtype, pd.CategoricalDtype) and kind not in channel.cat.categories:
                channel = channel.cat.add_categories([kind])
            channel = channel.where(frame[nested[0]].isna(), kind)
    return channel


def _received_days(column: pandas.Series) -> tuple[NDArray[np.int32], list[Any]]:
    """The local day of receipt, ``YYYY-MM-DD``, as codes (see :func:`_codes`): of RFC 3339 text
    (or ``datetime`` objects), its first ten characters; of aware timestamps, their own day.
    Only the distinct days are written as text."""
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        local = column.dt.tz_localize(None) if getattr(column.dt, "tz", None) is not None else column
        found, uniques = pd.factorize(local.dt.normalize(), use_na_sentinel=True)
        return found.astype(np.int32, copy=False), [day.strftime("%Y-%m-%d") for day in uniques]
    missing = column.isna().to_numpy(dtype=bool)
    # numpy cuts each value's text to ten characters in one pass (str() of a datetime too).
    text = np.asarray(column.to_numpy(dtype=object, na_value=""), dtype="U10")
    found, uniques = pd.factorize(text, use_na_sentinel=True)
    codes = found.astype(np.int32, copy=False)
    codes[missing] = -1
    return codes, list(uniques)


def _instants(column: pandas.Series) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.bool_]]:
    """The instants of receipt in nanoseconds since the epoch (RFC 3339 text or timestamps),
    with where the column has no value and where it has one that is not a time."""
    import pandas as pd

    missing = column.isna().to_numpy(dtype=bool)
    instants = pd.to_datetime(column, utc=True, errors="coerce", format="ISO8601")
    unreadable = instants.isna().to_numpy(dtype=bool) & ~missing
    nanoseconds = instants.dt.as_unit("ns").dt.tz_localize(None).to_numpy().view(np.int64)
    return nanoseconds, missing, unreadable


def _key_column(frame: pandas.DataFrame, name: Any) -> pandas.Series:
    """The column ``earlier_from`` names."""
    import pandas as pd

    try:
        present = name in frame.columns
    except TypeError:  # unhashable
        present = False
    if not present:
        raise KeyError(f"RuleSet.route_many() argument 'earlier_from': the frame has no column {name!r}")
    column = frame[name]
    if not isinstance(column, pd.Series):
        raise ValueError(f"RuleSet.route_many() argument 'earlier_from': the frame has several columns {name!r}")
    return column


def _keys(column: pandas.Series) -> NDArray[np.int32]:
    """The key column as int32 codes, one per complainant (-1: no key, missing or ``""``); a
    categorical column is not read again."""
    codes, uniques = _codes(column)
    empty = [i for i, v in enumerate(uniques) if isinstance(v, str) and v == ""]
    if empty:
        codes = np.where(np.isin(codes, empty), np.int32(-1), codes).astype(np.int32)
    return codes


def earlier_rows(frame: pandas.DataFrame, rows: Any) -> Any:
    """``earlier_complaints=`` as a sequence read by position: a Series must have the frame's
    index (it is not realigned)."""
    import pandas as pd

    if isinstance(rows, pd.Series):
        if not rows.index.equals(frame.index):
            raise ValueError(
                "RuleSet.route_many() argument 'earlier_complaints': a pandas.Series must have the "
                "frame's index (it is read row by row, in order)"
            )
        return rows.tolist()
    return rows


def frame_columns(
    frame: pandas.DataFrame, identity: bool = False, received: bool = False, earlier_from: Any = None
) -> dict[str, Any]:
    """The frame's columns as the Rust side reads them (see ``RuleSet.route_many``); with
    ``identity``, the identity documents and days of receipt too (the rule set tests an
    attribute a document shows); with ``received``, the days of receipt (earlier complaints are
    counted back from them); with ``earlier_from``, that column's keys and the instants of
    receipt."""
    try:
        import pandas as pd
    except ImportError as err:  # pragma: no cover - pandas is there when a frame is
        raise ImportError(INSTALL_PANDAS, name="pandas") from err

    forwarded = any(isinstance(c, str) and c.startswith(f"channel.{k}.") for c in frame.columns for k in FORWARDED)
    missing = [name for name in REQUIRED if name not in frame.columns and not (name == "channel" and forwarded)]
    if missing:
        raise KeyError(
            f"RuleSet.route_many(): the frame has no column {', '.join(repr(m) for m in missing)} "
            f"(required: {', '.join(REQUIRED)})"
        )
    out: dict[str, Any] = {"rows": len(frame), "ids": frame["id"].to_numpy(), "index": frame.index}
    for name in CODED:
        if name in frame.columns or name == "channel":
            out[name] = _codes(_channel(frame) if name == "channel" else frame[name])
    for name in LISTS:
        if name in frame.columns:
            column = frame[name]
            if isinstance(column.dtype, pd.CategoricalDtype) or pd.api.types.infer_dtype(column, skipna=True) in (
                "string",
                "empty",
            ):
                out[name] = _codes(column)  # comma-separated strings
            else:
                out[name] = column.tolist()  # lists, read in Rust without a Python step per row
    if identity and "complainant.id_document.number" in frame.columns:
        if "received_at" not in frame.columns:
            raise KeyError(
                "RuleSet.route_many(): the frame has identity documents but no column 'received_at' "
                "(the age of a complainant is taken on the day of receipt)"
            )
        for name in ("complainant.id_document.kind", "complainant.id_document.number"):
            if name in frame.columns:
                out[name] = _codes(frame[name])
        out["received_on"] = _received_days(frame["received_at"])
    keys = None if earlier_from is None else _key_column(frame, earlier_from)
    if received:
        if "received_at" not in frame.columns:
            raise KeyError(
                "RuleSet.route_many(): earlier complaints need the column 'received_at' "
                "(they are counted back from the day of receipt)"
            )
        if "received_on" not in out:
            out["received_on"] = _received_days(frame["received_at"])
        if keys is not None:
            out["earlier_from"] = _keys(keys)
            out["received_at.instant"] = _instants(frame["received_at"])
    amount = "claimed_amount.minor_units"
    if amount in frame.columns:
        values = frame[amount]
        missing_amount = values.isna().to_numpy(dtype=bool)
        numbers = pd.to_numeric(values, errors="raise")
        filled = numbers.fillna(0).to_numpy()
        if filled.dtype.kind == "f" and not np.all(np.mod(filled, 1) == 0):
            raise TypeError(f"RuleSet.route_many(): column {amount!r} must hold integers of minor units")
        out[amount] = (filled.astype(np.int64), missing_amount)
    for name in NAMED:
        if name in frame.columns:
            column = frame[name]
            named = column.notna() & (column != "")
            out[name] = named.to_numpy(dtype=bool)
    return out


def decisions_frame(
    prepared: dict[str, Any],
    numbers: NDArray[np.int32],
    table: dict[str, list[Any]],
    categories: dict[str, list[str]],
    obligations: list[str],
) -> pandas.DataFrame:
    """The decisions of the rows: row ``i`` has decision ``numbers[i]``, whose actions are
    ``table[column][numbers[i]]``."""
    import pandas as pd

    def category(name: str) -> pandas.Categorical[str]:
        cats = categories.get(name)
        values = table[name]
        if cats is None:  # `matched`: the distinct values, in order of appearance
            cats = list(dict.fromkeys(v for v in values if v is not None))
        position = {c: i for i, c in enumerate(cats)}
        codes = np.array([-1 if v is None else position[v] for v in values], dtype=np.int32)
        picked: NDArray[np.int32] = codes[numbers] if len(codes) else codes[:0]
        return pd.Categorical.from_codes(picked, categories=pd.Index(cats))

    def flags(name: str) -> NDArray[np.bool_]:
        values = np.array(table[name], dtype=bool)
        return values[numbers] if len(values) else np.zeros(0, dtype=bool)

    columns: dict[str, Any] = {"id": prepared["ids"], "routed": flags("routed")}
    for name in ("handler", "department", "level", "policy", "escalate_to", "deciding_rule", "matched"):
        columns[name] = category(name)
    for name in obligations:
        columns[name] = flags(name)
    return pd.DataFrame(columns, index=prepared["index"])
