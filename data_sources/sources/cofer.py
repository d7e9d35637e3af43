"""IMF COFER: the currency composition of the world's official foreign exchange reserves.

Publisher: International Monetary Fund, Statistics Department, Currency Composition of Official
Foreign Exchange Reserves (COFER); reuse allowed with attribution.

URL: ``https://api.imf.org/external/sdmx/2.1/data/IMF.STA,COFER/G001....Q`` - SDMX 2.1 REST,
dataflow ``IMF.STA:COFER``, key ``G001....Q``: the world (``G001``), every indicator, currency and
transformation, quarterly. Asked for as SDMX-CSV 1.0 (the Accept header below); the columns read
are ``DATAFLOW, COUNTRY, INDICATOR, FXR_CURRENCY, TYPE_OF_TRANSFORMATION, FREQUENCY, TIME_PERIOD,
OBS_VALUE, SCALE`` (the live reply has more; they are ignored). Periods look like ``2024-Q4``.

Codes: ``INDICATOR`` AFXRA allocated reserves (those whose currency the reporter states),
UFXRA unallocated, TFXRA total, TFXRA_IMP the share of the total whose currency the IMF imputed;
``FXR_CURRENCY`` CI_USD, CI_EUR, CI_JPY, CI_GBP, CI_CNY (from 2016-Q4), CI_AUD and CI_CAD (from
2012-Q4), CI_CHF, CI_OTHC (other currencies), CI_T (all); ``TYPE_OF_TRANSFORMATION`` SHRO_PT a
share in percent, NV_USD an amount in US dollars. Amounts are US dollars, not millions: ``SCALE``
(6) is a display hint and is ignored; the reader converts to USD billions.

Series (ids): ``USD_share`` … ``CHF_share``, ``other_share`` (percent of allocated reserves);
``USD_amount`` … ``other_amount`` (USD bn held in each currency); ``allocated``, ``unallocated``,
``total`` (USD bn); ``allocated_share``, ``unallocated_share`` (percent of total reserves);
``imputed_share`` (percent of total reserves whose currency the IMF imputed, from 2025-Q3).
A quarter's stock is dated on the quarter's last day (``2026-03-31``), as the project dates
month-end stocks on the month's last day. Cadence: quarterly, about three months after the
quarter (end of March, June, September, December).

Method: with the 2025-Q3 release the IMF changed COFER's method. Unallocated reserves (reporters
who do not state the currency) are now shared out among the currencies by IMF estimate, back to
2000-Q1: unallocated shows 0 from 2000 on and ``TFXRA_IMP`` says which share of the total was
imputed. The history was revised, so a release under the old method (unallocated reported apart,
e.g. the portal's 7.0.0 file of 2025-07-09) is a different series and must never be joined with a
new one. The reader tells the two apart from the file itself (``method_of``): TFXRA_IMP present,
or unallocated 0 in every quarter from 2000, is the new method; unallocated above 0 after 2000
with no TFXRA_IMP is the old. The catalogue's reader refuses an old-method file (``ParseError``),
so a stale or rolled-back reply cannot replace or extend the new series. The method and the
change reach the release's provenance through ``frame.attrs`` (``cofer_method``,
``definition_changes``, ``series_notes``).

Checks: per quarter the currency shares of allocated reserves add up to 100 (within
``SHARE_SUM_TOLERANCE``: they are rounded by the IMF) - ``share_sum_problem``, run by validation.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

import pandas as pd

from ..errors import ParseError
from ._common import conform, decode, reader

URL = "https://api.imf.org/external/sdmx/2.1/data/IMF.STA,COFER/G001....Q"
ACCEPT = "application/vnd.sdmx.data+csv;version=1.0.0"
WORLD = "G001"
COLUMNS = ("COUNTRY", "INDICATOR", "FXR_CURRENCY", "TYPE_OF_TRANSFORMATION", "TIME_PERIOD", "OBS_VALUE")
ALLOCATED, UNALLOCATED, TOTAL, IMPUTED = "AFXRA", "UFXRA", "TFXRA", "TFXRA_IMP"
SHARE, AMOUNT = "SHRO_PT", "NV_USD"
ALL_CURRENCIES = "CI_T"
#: FXR_CURRENCY code → the id's prefix and the currency's name in titles.
CURRENCIES: Mapping[str, tuple[str, str]] = {
    "CI_USD": ("USD", "US dollar"),
    "CI_EUR": ("EUR", "euro"),
    "CI_JPY": ("JPY", "Japanese yen"),
    "CI_GBP": ("GBP", "pound sterling"),
    "CI_CNY": ("CNY", "Chinese renminbi"),
    "CI_AUD": ("AUD", "Australian dollar"),
    "CI_CAD": ("CAD", "Canadian dollar"),
    "CI_CHF": ("CHF", "Swiss franc"),
    "CI_OTHC": ("other", "other currencies"),
}
#: (INDICATOR, FXR_CURRENCY, TYPE_OF_TRANSFORMATION) → series id, for the totals.
TOTALS: Mapping[tuple[str, str, str], str] = {
    (ALLOCATED, ALL_CURRENCIES, AMOUNT): "allocated",
    (UNALLOCATED, ALL_CURRENCIES, AMOUNT): "unallocated",
    (TOTAL, ALL_CURRENCIES, AMOUNT): "total",
    (ALLOCATED, ALL_CURRENCIES, SHARE): "allocated_share",
    (UNALLOCATED, ALL_CURRENCIES, SHARE): "unallocated_share",
    (IMPUTED, ALL_CURRENCIES, SHARE): "imputed_share",
}
PERIOD = r"^(\d{4})-Q([1-4])$"
USD_PER_BN = 1e9
SHARE_SUM_TOLERANCE = 0.5  # percentage points; the published shares add up to 100 within ~0.01
SHARE_IDS = tuple(f"{prefix}_share" for prefix, _ in CURRENCIES.values())
AMOUNT_IDS = tuple(f"{prefix}_amount" for prefix, _ in CURRENCIES.values())

#: The two methods, as `method_of` names them.
METHOD_IMPUTED = "imputed"  # since the 2025-Q3 release: unallocated shared out by estimate from 2000-Q1
METHOD_REPORTED = "reported"  # before: shares of allocated reserves only, unallocated shown apart
METHOD_FROM = pd.Timestamp("2000-03-31")  # the first quarter the new method shares out
METHOD_RELEASE = "2025-Q3"
METHOD_NOTE = ("IMF method since the 2025-Q3 release: reserves whose currency reporters do not state "
               "(unallocated) are shared out among the currencies by IMF estimate, back to 2000; unallocated "
               "shows 0 from 2000 and 'imputed share' says how much of the total was estimated. The whole "
               "history was revised: figures from earlier releases are a different series.")
OLD_METHOD_NOTE = ("IMF method before the 2025-Q3 release: currency shares are of allocated reserves only; "
                   "unallocated reserves are shown apart. Not comparable with releases from 2025-Q3 on.")


def method_of(table: pd.DataFrame) -> str | None:
    """Which COFER method a long table follows (columns INDICATOR, FXR_CURRENCY,
    TYPE_OF_TRANSFORMATION, TIME_PERIOD, OBS_VALUE as text), or None when it cannot tell."""
    if (table["INDICATOR"] == IMPUTED).any():
        return METHOD_IMPUTED
    rows = table[(table["INDICATOR"] == UNALLOCATED) & (table["FXR_CURRENCY"] == ALL_CURRENCIES)
                 & (table["TYPE_OF_TRANSFORMATION"] == SHARE)]
    years = pd.to_numeric(rows["TIME_PERIOD"].str[:4], errors="coerce")
    values = pd.to_numeric(rows["OBS_VALUE"], errors="coerce")
    since = values[(years >= METHOD_FROM.year) & values.notna()]
    if since.empty:
        return None
    return METHOD_IMPUTED if (since.abs() < 1e-9).all() else METHOD_REPORTED


def read_portal_csv(raw: bytes) -> pd.DataFrame:
    """The IMF data portal's COFER CSV download (wide: one column per period, codes in
    ``SERIES_CODE`` like ``G001.AFXRA.CI_USD.SHRO_PT.Q``) → the long table `method_of` reads, world
    and quarterly rows only. Used to recognise a release's method; its amounts' scale varies between
    portal releases (7.0.0: US dollars labelled millions; 7.0.1: millions), so it is not a data reader."""
    text = decode(raw, "utf-8-sig", "the IMF portal's CSV")
    table = pd.read_csv(io.StringIO(text), dtype="str", keep_default_na=False)
    if "SERIES_CODE" not in table.columns:
        raise ParseError("the IMF portal's CSV with a SERIES_CODE column", list(table.columns)[:6])
    codes = table["SERIES_CODE"].str.split(".", expand=True)
    if codes.shape[1] != 5:
        raise ParseError("series codes like G001.AFXRA.CI_USD.SHRO_PT.Q", table["SERIES_CODE"].iloc[0])
    codes.columns = ["COUNTRY", "INDICATOR", "FXR_CURRENCY", "TYPE_OF_TRANSFORMATION", "FREQUENCY"]
    periods = [c for c in table.columns if re.match(PERIOD, c)]
    wide = pd.concat([codes, table[periods]], axis=1)
    wide = wide[(wide["COUNTRY"] == WORLD) & (wide["FREQUENCY"] == "Q")]
    long = wide.melt(id_vars=list(codes.columns), var_name="TIME_PERIOD", value_name="OBS_VALUE")
    return long[long["OBS_VALUE"].str.strip() != ""].reset_index(drop=True)


def parse_sdmx_csv(raw: bytes) -> pd.DataFrame:
    """The catalogue's reader: `read_sdmx_csv`, refusing a release under the old method."""
    return read_sdmx_csv(raw, require=METHOD_IMPUTED)


@reader
def read_sdmx_csv(raw: bytes, require: str | None = None) -> pd.DataFrame:
    """SDMX-CSV COFER reply → tidy frame: shares in %, amounts in USD bn, quarter-end dates.

    `require`: the method the file must follow (``METHOD_IMPUTED``), or None to read either and
    say which in ``frame.attrs["cofer_method"]``."""
    text = decode(raw, "utf-8-sig", "SDMX-CSV")
    try:
        table = pd.read_csv(io.StringIO(text), dtype="str", keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as exc:
        raise ParseError("SDMX-CSV with a header row", str(exc)) from None
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise ParseError(f"columns {', '.join(COLUMNS)}", list(table.columns)[:9])
    table = table[table["OBS_VALUE"].str.strip().ne("") & table["OBS_VALUE"].ne("NaN")]
    areas = set(table["COUNTRY"].str.strip()) - {WORLD}
    if areas:
        raise ParseError(f"the world only (COUNTRY {WORLD})", sorted(areas)[:5])
    if "FREQUENCY" in table.columns and set(table["FREQUENCY"]) - {"Q"}:
        raise ParseError("quarterly rows only (FREQUENCY Q)", sorted(set(table["FREQUENCY"]))[:5])
    method = method_of(table)
    if require is not None and method != require:
        found = ("the method before the 2025-Q3 release (unallocated reserves above 0 after 2000, no TFXRA_IMP)"
                 if method == METHOD_REPORTED else "no sign of either method (no unallocated rows from 2000)")
        raise ParseError("COFER under the IMF's method since the 2025-Q3 release (TFXRA_IMP, or unallocated "
                         "0 from 2000): an old-method release is a different series", found)
    parts = table["TIME_PERIOD"].str.extract(PERIOD)
    dates = pd.to_datetime(parts[0] + "-" + parts[1].astype("str").replace(
        {"1": "03", "2": "06", "3": "09", "4": "12"}), format="%Y-%m", errors="coerce") + pd.offsets.MonthEnd(0)
    values = pd.to_numeric(table["OBS_VALUE"], errors="coerce")
    bad = dates.isna() | values.isna()
    if bad.any():
        row = table[bad].iloc[0]
        raise ParseError("TIME_PERIOD like 2024-Q4 and a numeric OBS_VALUE", f"{row['TIME_PERIOD']},{row['OBS_VALUE']}")
    kinds = set(table["TYPE_OF_TRANSFORMATION"])
    if kinds - {SHARE, AMOUNT}:
        raise ParseError(f"TYPE_OF_TRANSFORMATION {SHARE} (percent) or {AMOUNT} (US dollars)",
                         sorted(kinds - {SHARE, AMOUNT}))
    ids = [series_id(i, c, t) for i, c, t in zip(table["INDICATOR"], table["FXR_CURRENCY"],
                                                   table["TYPE_OF_TRANSFORMATION"], strict=True)]
    is_amount = (table["TYPE_OF_TRANSFORMATION"] == AMOUNT).to_numpy()
    frame = pd.DataFrame({"date": dates.to_numpy(), "series": ids,
                          "value": values.where(~is_amount, values / USD_PER_BN).to_numpy()})
    frame = frame[frame["series"] != ""]
    if frame.empty:
        raise ParseError("COFER observations (AFXRA, UFXRA, TFXRA)", "none")
    dupes = frame.duplicated(["date", "series"])
    if dupes.any():
        row = frame[dupes].iloc[0]
        raise ParseError("one observation per quarter and series", f"{row['series']} {row['date']:%Y-%m-%d} twice")
    frame = conform(frame)
    frame.attrs.update(method_notes(method, str(table["DATAFLOW"].iloc[0]) if "DATAFLOW" in table else ""))
    return frame


def series_id(indicator: str, currency: str, kind: str) -> str:
    """The tidy id of one COFER series ('' for one the dataset does not carry)."""
    if indicator == ALLOCATED and currency in CURRENCIES:
        return f"{CURRENCIES[currency][0]}_{'share' if kind == SHARE else 'amount'}"
    return TOTALS.get((indicator, currency, kind), "")


def method_notes(method: str | None, dataflow: str) -> dict[str, object]:
    """What the release's provenance says about COFER's method (`frame.attrs`)."""
    info = {"method": method or "unknown", "dataflow": dataflow}
    if method == METHOD_REPORTED:
        return {"cofer_method": {**info, "note": OLD_METHOD_NOTE},
                "series_notes": {s: [OLD_METHOD_NOTE] for s in (*SHARE_IDS, *AMOUNT_IDS, "unallocated")}}
    if method != METHOD_IMPUTED:
        return {"cofer_method": info}
    change = {"series": "*", "series_ids": [*SHARE_IDS, *AMOUNT_IDS, "allocated", "unallocated",
                                            "allocated_share", "unallocated_share"],
              "date": "2025-09-30", "month": "2025-09", "release": METHOD_RELEASE,
              "revised_from": f"{METHOD_FROM:%Y-%m-%d}",
              "basis": "unallocated reserves shared out among the currencies by IMF estimate",
              "previous": "shares of allocated (currency-reported) reserves only; unallocated shown apart",
              "note": METHOD_NOTE}
    return {"cofer_method": {**info, "release": METHOD_RELEASE, "revised_from": f"{METHOD_FROM:%Y-%m-%d}",
                             "note": METHOD_NOTE},
            "definition_changes": [change],
            "series_notes": {s: [METHOD_NOTE] for s in change["series_ids"]}}


def share_sum_problem(frame: pd.DataFrame) -> tuple[str, str, pd.DataFrame] | None:
    """(expected, found, rows) when a quarter's currency shares do not add up to ~100; else None."""
    shares = frame[frame["series"].isin(SHARE_IDS)]
    if shares.empty:
        return None
    sums = shares.groupby("date")["value"].sum()
    off = sums[(sums - 100).abs() > SHARE_SUM_TOLERANCE]
    if off.empty:
        return None
    date = off.index[0]
    return (f"currency shares of allocated reserves adding up to 100 ± {SHARE_SUM_TOLERANCE} each quarter",
            f"{off.iloc[0]:.2f} at {date:%Y-%m-%d} ({len(off)} quarters off)", shares[shares["date"] == date])
