"""Earlier releases of Treasury's major-foreign-holders table, as they were published: a pure reader.

An article quotes the figure of its day. Where we hold the release that was current on an article's
date, the verdict can say what was first published. The releases are files in the shared raw folder
(`$DOLLAR_TIDE_SHARED_DATA/raw/treasury`, default `../shared/data` beside the repository):

* `mfhhis01__vintage-YYYY-MM-DD.txt`: the whole history as it stood on that day (read with the TIC
  parser, `sources.tic.parse_mfhhis01`);
* `first-published_excerpts.md`: excerpts of older `mfh.txt` / `slt_table5` releases (13 months each),
  one section per release with its date in the heading ("release of 2026-04", "press release of
  2021-09-16", "release of Apr 2019", "dated 2010-02-18"); a release named by its month is dated the
  15th (Treasury publishes about the 15th-18th).

`tic_releases()` returns every release found, oldest first; none when the folder is absent.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from .sources import tic

SHARED_ENV = "DOLLAR_TIDE_SHARED_DATA"
MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                                      "Dec"), 1)}
#: Holder names as the old tables print them → the series names of `treasury_holdings`.
NAMES = {"Korea": "Korea, South", "Carib Bnkng Ctrs": "Carib Bnkng Ctrs"}


@dataclass(frozen=True)
class Release:
    released: date
    label: str  # where it was read, for the reader
    values: dict[tuple[str, str], float] = field(default_factory=dict)  # (series, "YYYY-MM") → USD bn

    def get(self, series: str, month: str) -> float | None:
        return self.values.get((series, month))


def raw_dir() -> Path:
    base = os.environ.get(SHARED_ENV)
    root = Path(base).expanduser() if base else Path(__file__).resolve().parents[2] / "shared" / "data"
    return root / "raw" / "treasury"


@cache
def tic_releases(folder: Path | None = None) -> tuple[Release, ...]:
    folder = folder or raw_dir()
    if not folder.is_dir():
        return ()
    out = [*(_vintage(p) for p in sorted(folder.glob("mfhhis01__vintage-*.txt"))),
           *_excerpts(folder / "first-published_excerpts.md")]
    return tuple(sorted((r for r in out if r is not None and r.values), key=lambda r: r.released))


def _vintage(path: Path) -> Release | None:
    m = re.search(r"vintage-(\d{4})-(\d{2})-(\d{2})", path.name)
    if m is None:
        return None
    frame = tic.parse_mfhhis01(path.read_bytes())
    values = {(str(s), f"{d:%Y-%m}"): float(v) for d, s, v in zip(frame["date"], frame["series"], frame["value"],
                                                                 strict=True)}
    return Release(date(int(m[1]), int(m[2]), int(m[3])), f"Treasury's table as of {m[1]}-{m[2]}-{m[3]} "
                   f"({path.name})", values)


def _released(heading: str) -> date | None:
    if m := re.search(r"(?:press release of|dated)\s+(\d{4})-(\d{2})-(\d{2})", heading):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.search(r"release of (\d{4})-(\d{2})\b", heading):
        return date(int(m[1]), int(m[2]), 15)
    if m := re.search(r"release of ([A-Z][a-z]{2}) (\d{4})", heading):
        return date(int(m[2]), MONTHS[m[1]], 15)
    return None


def _excerpts(path: Path) -> list[Release]:
    if not path.exists():
        return []
    out = []
    for section in re.split(r"\n(?=## \d+\. )", path.read_text(encoding="utf-8")):
        heading = section.splitlines()[0]
        released = _released(heading)
        table = "\n".join(line[4:] for line in section.splitlines() if line.startswith("    "))
        if released is None or not table:
            continue
        values = _iso_table(table) or _collapsed_table(table)
        out.append(Release(released, f"Treasury's release of {released:%Y-%m} ({heading[3:].strip()})", values))
    return out


def _iso_table(table: str) -> dict[tuple[str, str], float]:
    """'Country 2026-03 2026-02 …' then one holder a line."""
    header = re.search(r"^Country((?:\s+\d{4}-\d{2})+)\s*$", table, re.M)
    if header is None:
        return {}
    months = header[1].split()
    values = {}
    for line in table[header.end():].splitlines():
        m = re.match(rf"^([A-Za-z][A-Za-z ,.]*?)((?:\s+\d+\.\d+){{{len(months)}}})\s*$", line)
        if m:
            name = NAMES.get(m[1].strip(), m[1].strip())
            values |= {(name, month): float(x) for month, x in zip(months, m[2].split(), strict=True)}
    return values


def _collapsed_table(table: str) -> dict[tuple[str, str], float]:
    """The fixed-width mfh.txt with its whitespace collapsed: months, 'Country', years, dashes, holders."""
    text = " ".join(table.split())
    head = re.search(r"AT END OF PERIOD\s+((?:[A-Z][a-z]{2}\s+)+)Country\s+((?:\d{4}\s+)+)(?:-+\s+)+", text)
    if head is None:
        return {}
    names, years = head[1].split(), head[2].split()
    months = [f"{y}-{MONTHS[n]:02d}" for n, y in zip(names, years, strict=True)]
    values = {}
    row = re.compile(rf"([A-Z][A-Za-z ,.]*?)(?:\s+\d/)?((?:\s+\d+\.\d){{{len(months)}}})(?=\s|$)")
    for m in row.finditer(text[head.end():]):
        name = NAMES.get(m[1].strip(), m[1].strip())
        values |= {(name, month): float(x) for month, x in zip(months, m[2].split(), strict=True)}
    return values
