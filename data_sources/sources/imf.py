"""IMF: official gold holdings by economy (International Reserves and Foreign Currency Liquidity).

Publisher: International Monetary Fund, Statistics Department; reuse allowed with attribution
"International Monetary Fund".

URL: ``https://api.imf.org/external/sdmx/2.1/data/IMF.STA,IL/.RGV_REVS.FTO.M`` - SDMX 2.1 REST,
dataflow ``IMF.STA:IL``, key ``<COUNTRY>.RGV_REVS.FTO.M`` with the country left open (all
economies): indicator RGV_REVS (gold, volume), unit FTO (fine troy ounces), monthly frequency.
Asked for as SDMX-CSV 1.0 with the Accept header below; columns ``DATAFLOW, COUNTRY, INDICATOR,
UNIT, FREQUENCY, TIME_PERIOD, OBS_VALUE``. Periods look like ``2024-M06``. Values are ounces (not
millions). Countries are ISO 3166 alpha-3 codes; ``G001`` is the world, ``G163`` the euro area.
Many economies report only at quarter ends: a month without a row has no figure (never zero).
Cadence: monthly, with a lag of one to three months.

A negative volume is published now and then (IFS: Luxembourg 1999-03, -277,000 oz, -8.6 t). It is
kept exactly as published; the reader names each one in ``frame.attrs["series_notes"]`` and the
charts leave it out of the line (a holding cannot be negative) with a note.
"""

from __future__ import annotations

import io

import pandas as pd

from ..economies import economy_name
from ..errors import ParseError
from ._common import DATE_DTYPE, decode, reader

URL = "https://api.imf.org/external/sdmx/2.1/data/IMF.STA,IL/.RGV_REVS.FTO.M"
ACCEPT = "application/vnd.sdmx.data+csv;version=1.0.0"
OUNCES_PER_TONNE = 32_150.7466
EXPECTED_UNIT = "FTO"  # fine troy ounces; any other unit would silently scale the series
AREA_COLUMNS = ("COUNTRY", "REF_AREA")
WORLD, EURO_AREA = "G001", "G163"
MINUS = "\N{MINUS SIGN}"
#: What the provenance says about a published negative holding, per economy.
NEGATIVE_NOTE = ("{name} reported {tonnes} t ({ounces} fine troy oz) for {month}, as published by the IMF; "
                 "kept as published, not drawn as a holding.")


@reader
def parse_sdmx_csv(raw: bytes) -> pd.DataFrame:
    """SDMX-CSV gold volumes → tidy frame in tonnes, month-end dates, one series per economy.

    Extra column ``ounces`` keeps the reported figure.
    """
    text = decode(raw, "utf-8-sig", "SDMX-CSV")
    try:
        table = pd.read_csv(io.StringIO(text), dtype="str", keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as exc:
        raise ParseError("SDMX-CSV with a header row", str(exc)) from None
    area = next((c for c in AREA_COLUMNS if c in table.columns), None)
    if area is None or not {"TIME_PERIOD", "OBS_VALUE"} <= set(table.columns):
        raise ParseError("columns COUNTRY, TIME_PERIOD, OBS_VALUE", list(table.columns)[:8])
    if "UNIT" in table.columns:
        units = set(table["UNIT"].unique()) - {""}
        if units - {EXPECTED_UNIT}:
            raise ParseError(f"UNIT {EXPECTED_UNIT} (fine troy ounces)", sorted(units))
    table = table[table["OBS_VALUE"].str.strip().ne("") & table["OBS_VALUE"].ne("NaN")]
    periods = table["TIME_PERIOD"].str.replace("-M", "-", regex=False)
    dates = pd.to_datetime(periods, format="%Y-%m", errors="coerce")
    ounces = pd.to_numeric(table["OBS_VALUE"], errors="coerce")
    bad = dates.isna() | ounces.isna()
    if bad.any():
        row = table[bad].iloc[0]
        raise ParseError("TIME_PERIOD like 2024-M06 and a numeric OBS_VALUE",
                         f"{row['TIME_PERIOD']},{row['OBS_VALUE']}")
    frame = pd.DataFrame({
        "date": (dates + pd.offsets.MonthEnd(0)).astype(DATE_DTYPE),
        "series": table[area].str.strip().astype("str"),
        "value": (ounces / OUNCES_PER_TONNE).astype("float64"),
        "ounces": ounces.astype("float64"),
    })
    if frame.empty:
        raise ParseError("observations", "none")
    frame = frame.sort_values(["series", "date"], kind="stable").reset_index(drop=True)
    notes = negative_notes(frame)
    if notes:
        frame.attrs["series_notes"] = notes
    return frame


def signed(value: float, fmt: str) -> str:
    """A number with a typographic minus ("−8.6"), as the notes print it."""
    return format(value, fmt).replace("-", MINUS)


def negative_notes(frame: pd.DataFrame) -> dict[str, list[str]]:
    """{economy: [a note per negative report]} for the published negative volumes in `frame`."""
    notes: dict[str, list[str]] = {}
    for row in frame[frame["value"] < 0].itertuples(index=False):
        notes.setdefault(row.series, []).append(NEGATIVE_NOTE.format(
            name=economy_name(row.series), tonnes=signed(row.value, ",.1f"), ounces=signed(row.ounces, ",.0f"),
            month=f"{row.date:%Y-%m}"))
    return notes
