"""FRED (Federal Reserve Bank of St. Louis): exchange rates and interest rates.

Publisher of the underlying data: Board of Governors of the Federal Reserve System (H.10, H.15),
and the OECD for IRLTLT01JPM156N. Attribution: "Board of Governors of the Federal Reserve System
via FRED" (OECD via FRED for the Japanese 10-year yield).

URL: ``https://fred.stlouisfed.org/graph/fredgraph.csv?id=<SERIES>`` - a two-column CSV, no key.
Layouts seen in the wild:

* current: header ``observation_date,<SERIES>``, an empty cell where there is no value;
* older:   header ``DATE,<SERIES>``, a ``.`` where there is no value.

Weekly: WMTSECL1 (H.4.1 memorandum item: marketable Treasury securities held in custody at the
New York Fed for foreign official and international accounts, Wednesday level, **USD millions**,
published every Thursday). FRED writes 0 for every week before 2007-07-04: a placeholder for weeks
it has no figure for, not a holding (`PLACEHOLDER_ZEROS_UNTIL`).

Daily series (DEXJPUS, DGS10) have a row per weekday, DFF one per calendar day; monthly series
(FEDFUNDS, EXJPUS, IRLTLT01JPM156N) are monthly averages dated on the first of the month, which
we keep (FRED's convention). Units: DEXJPUS yen per US dollar (noon buying rate in New York);
rates in percent. Cadence: daily series update each business day, monthly ones monthly.

With an API key (optional), the JSON endpoint is used instead; the key never leaves this module's
request: it is stripped from URLs before they are logged, cached or stored.
"""

from __future__ import annotations

import io
import json

import pandas as pd

from ..errors import ParseError
from ._common import DATE_DTYPE, decode, reader

GRAPH_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv?id={series}"
API_URL = "https://api.stlouisfed.org/fred/series/observations?series_id={series}&file_type=json"
#: The environment variable that holds a FRED API key: with one, series are read from the JSON API.
API_KEY_ENV = "FRED_API_KEY"
DATE_HEADERS = ("observation_date", "DATE", "date")
MISSING = (".", "")
ENCODING = "utf-8-sig"
#: Series whose leading zeros are FRED's placeholder, not data: zeros before this day are dropped.
PLACEHOLDER_ZEROS_UNTIL = {"WMTSECL1": pd.Timestamp("2007-07-04")}
MILLIONS_PER_BN = 1000.0


def without_placeholders(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop the zeros FRED writes for weeks before a series' first real figure."""
    out = frame
    for series_id, until in PLACEHOLDER_ZEROS_UNTIL.items():
        out = out[~((out["series"] == series_id) & (out["date"] < until) & (out["value"] == 0))]
    return out.reset_index(drop=True)


@reader
def parse_graph_csv(raw: bytes, series: str | None = None) -> pd.DataFrame:
    """fredgraph.csv → tidy frame. `series` (the FRED id) names the rows; default: the header's."""
    text = decode(raw, ENCODING, "FRED CSV")
    first_line = text.split("\n", 1)[0].strip()
    header = [h.strip() for h in first_line.split(",")]
    if len(header) != 2 or header[0] not in DATE_HEADERS:
        raise ParseError(f"a header '{DATE_HEADERS[0]},<ID>' (or '{DATE_HEADERS[1]},<ID>')", first_line)
    series_id = header[1]
    if series is not None and series_id != series:
        raise ParseError(f"the column {series}", first_line)
    try:
        # Fast path: numbers and the two missing markers only.
        frame = pd.read_csv(io.StringIO(text), header=0, names=["date", "value"],
                            dtype={"date": "str", "value": "float64"}, na_values=list(MISSING),
                            keep_default_na=False, engine="c")
        frame = frame[frame["value"].notna()]
        dates = pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="coerce")
        if not dates.isna().any() and not frame.empty:
            out = pd.DataFrame({"date": dates.astype(DATE_DTYPE), "series": series_id, "value": frame["value"]})
            return out.astype({"series": "str"}).reset_index(drop=True)
    except ValueError:
        pass  # something that is not a number: the slow path below names the row
    try:
        frame = pd.read_csv(io.StringIO(text), header=0, names=["date", "value"], dtype="str",
                            keep_default_na=False, engine="c")
    except (ValueError, pd.errors.ParserError) as exc:
        raise ParseError("two comma-separated columns", str(exc)) from None
    return _tidy(frame, series_id)


@reader
def parse_api_json(raw: bytes, series: str) -> pd.DataFrame:
    """The FRED API's observations JSON → tidy frame."""
    try:
        payload = json.loads(decode(raw, "utf-8", "FRED JSON"))
        observations = payload["observations"]
    except (ValueError, KeyError, TypeError):
        raise ParseError("a JSON object with 'observations'", raw[:120]) from None
    frame = pd.DataFrame(
        [(o.get("date"), o.get("value")) for o in observations], columns=["date", "value"], dtype="str"
    )
    return _tidy(frame, series)


def _tidy(frame: pd.DataFrame, series_id: str) -> pd.DataFrame:
    values = frame["value"].str.strip()
    present = ~values.isin(MISSING)
    dates = pd.to_datetime(frame.loc[present, "date"], format="%Y-%m-%d", errors="coerce")
    numbers = pd.to_numeric(values[present], errors="coerce")
    bad = dates.isna() | numbers.isna()
    if bad.any():
        row = frame.loc[present].loc[bad].iloc[0]
        raise ParseError("rows 'YYYY-MM-DD,<number>'", f"{row['date']},{row['value']}")
    out = pd.DataFrame({"date": dates.astype(DATE_DTYPE), "series": series_id, "value": numbers.astype("float64")})
    out = out.astype({"series": "str"}).reset_index(drop=True)
    if out.empty:
        raise ParseError(f"observations of {series_id}", "no rows with a value")
    return out
