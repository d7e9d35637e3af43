"""China's gold: SAFE's own monthly figure against the IMF's (IRFCL), month by month.

SAFE (``china_reserves``, series ``gold_volume_moz``) publishes the volume rounded to 10,000 fine troy
ounces (``7464万盎司``); the IMF (``gold_reserves``, series ``CHN``, tonnes, ``ounces`` column) reports
China at quarter ends. Both come from the same reporter, so where both have a month they should agree
to SAFE's rounding (half of 10,000 oz); anything more is a real difference worth showing. Pure: no
streamlit, frames in, a frame out.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

OUNCES_PER_TONNE = 32_150.7466
SAFE_STEP_OZ = 10_000  # SAFE rounds to 万盎司
ROUNDING_OZ = SAFE_STEP_OZ / 2
Status = Literal["same", "differs", "SAFE only", "IMF only"]
COLUMNS = ("date", "safe_moz", "imf_moz", "safe_tonnes", "imf_tonnes", "diff_oz", "diff_tonnes", "status")


def gold_volume_comparison(safe: pd.DataFrame, imf: pd.DataFrame, *, economy: str = "CHN",
                           safe_series: str = "gold_volume_moz", rounding_oz: float = ROUNDING_OZ) -> pd.DataFrame:
    """Every month-end from the later of the two first dates to the earlier of the two last dates
    on which either publisher has a figure, with both volumes (million oz and tonnes), the difference
    (SAFE - IMF; NaN where one is missing) and a status: 'same' (within `rounding_oz`), 'differs',
    'SAFE only' or 'IMF only'.

    `safe`: the ``china_reserves`` frame (date, series, value in million oz for `safe_series`).
    `imf`: the ``gold_reserves`` frame (date, series, value in tonnes; ``ounces`` when present)."""
    safe_oz = _by_date(safe[safe["series"] == safe_series], "value") * 1e6
    rows = imf[imf["series"] == economy]
    imf_oz = _by_date(rows, "ounces") if "ounces" in rows else _by_date(rows, "value") * OUNCES_PER_TONNE
    if safe_oz.empty or imf_oz.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    start, end = max(safe_oz.index.min(), imf_oz.index.min()), min(safe_oz.index.max(), imf_oz.index.max())
    both = pd.DataFrame({"safe": safe_oz, "imf": imf_oz}).loc[start:end]
    diff = both["safe"] - both["imf"]
    status = pd.Series("differs", index=both.index, dtype="object")
    status[diff.abs() <= rounding_oz] = "same"
    status[both["imf"].isna()] = "SAFE only"
    status[both["safe"].isna()] = "IMF only"
    out = pd.DataFrame({
        "date": both.index,
        "safe_moz": both["safe"].to_numpy() / 1e6,
        "imf_moz": both["imf"].to_numpy() / 1e6,
        "safe_tonnes": both["safe"].to_numpy() / OUNCES_PER_TONNE,
        "imf_tonnes": both["imf"].to_numpy() / OUNCES_PER_TONNE,
        "diff_oz": diff.to_numpy(),
        "diff_tonnes": diff.to_numpy() / OUNCES_PER_TONNE,
        "status": status.to_numpy(),
    })
    return out.reset_index(drop=True)


def differences(comparison: pd.DataFrame) -> pd.DataFrame:
    """The months where both publish and the figures differ beyond SAFE's rounding."""
    return comparison[comparison["status"] == "differs"].reset_index(drop=True)


def describe(comparison: pd.DataFrame) -> list[str]:
    """One line per month where the two differ, or where only the IMF has a figure (a SAFE gap):
    '2024-12: IMF 2,279.6 t; SAFE has no figure'."""
    lines = []
    for row in comparison.itertuples(index=False):
        if row.status == "differs":
            lines.append(f"{row.date:%Y-%m}: SAFE {row.safe_tonnes:,.1f} t ({row.safe_moz:.2f} m oz), IMF "
                         f"{row.imf_tonnes:,.1f} t ({row.imf_moz:.2f} m oz): {row.diff_tonnes:+,.1f} t")
        elif row.status == "IMF only":
            lines.append(f"{row.date:%Y-%m}: IMF {row.imf_tonnes:,.1f} t ({row.imf_moz:.2f} m oz); SAFE has no figure")
    return lines


def _by_date(rows: pd.DataFrame, column: str) -> pd.Series:
    series = pd.Series(rows[column].to_numpy(dtype="float64"), index=pd.DatetimeIndex(rows["date"]))
    return series[~series.index.duplicated(keep="last")].sort_index()
