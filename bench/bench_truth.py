"""What the TIC stitch serves from the real files: breaks by kind, Table 3 figures added,
disagreements between tables and how each was resolved, and the changes across survey breaks.

    python bench/bench_truth.py [../shared/data]

Not a timing: the numbers for the closing note of "Truth II", read from the official files.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import series as s  # noqa: E402
from analysis.breaks import Breaks  # noqa: E402
from data_sources.sources import tic  # noqa: E402


def main(shared: Path) -> None:
    folder = shared / "mirror" / "treasury"
    table5 = tic.parse_table5((folder / "slt_table5.txt").read_bytes())
    history = tic.parse_mfhhis01((folder / "mfhhis01.txt").read_bytes())
    table3 = tic.parse_table3((folder / "slt_table3.txt").read_bytes())
    stitched = tic.stitch(table5, history, table3)

    print("breaks by kind:", stitched[stitched["break_kind"] != ""].groupby("break_kind").size().to_dict())
    known = set(table5["series"]) | set(history["series"])
    added = stitched[(stitched["source"] == tic.TABLE3) & stitched["series"].isin(known)]
    print(f"Table 3 figures served for holders the other tables also list (not served before): {len(added)} "
          f"in {added['series'].nunique()} holders")
    print("  holders whose line now runs further:", ", ".join(sorted(added["series"].unique())))
    noted = stitched[stitched["note"].str.contains("newer release")]
    for row in noted.itertuples(index=False):
        print(f"disagreement {row.series} {row.date:%Y-%m}: served {row.value} from {row.source}: {row.note}")

    table, breaks = s.wide(stitched), Breaks.from_frame(stitched)
    plain = table - table.shift(1)
    mom = s.transform(table, "mom", breaks=breaks)
    for holder, month in (("United Kingdom", "2011-06-30"), ("China, Mainland", "2010-06-30"),
                          ("Japan", "2011-12-31")):
        print(f"{holder} {month[:7]}: plain change {plain.loc[month, holder]:+.1f}, "
              f"served {mom.loc[month, holder]:+.1f}" if pd.notna(mom.loc[month, holder]) else
              f"{holder} {month[:7]}: plain change {plain.loc[month, holder]:+.1f}, served blank (no old-basis figure)")
    crossed = sum(1 for day, name, note in mom.attrs["notes"] if "like for like" in note)
    blank = sum(1 for day, name, note in mom.attrs["notes"] if "left blank" in note)
    print(f"monthly changes across a break: {crossed} like for like, {blank} left blank")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data")
