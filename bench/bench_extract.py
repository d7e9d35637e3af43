"""The claim extractor on the test articles and the seed article.

    python bench/bench_extract.py

Prints: share of key claims found and mapped right, share of verdicts right, wrong "matches",
verdicts given to non-claims, the time for a ~1,000-word article (median of warm runs: reading
alone, and reading plus the engine's evaluation), and how many of the seed article's 28
hand-written claims (analysis/article_claims.toml) the extractor finds by itself.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.extract import check_text, extract
from analysis.extract.score import Score, load_key, score, seed_found
from analysis.verdicts import load_claims
from data_sources import load

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "articles"
SEED = Path("/work/shared/seed/article.txt")


def _median_time(run: object, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    total = Score()
    texts = []
    for key_path in sorted(ARTICLES.glob("*.toml")):
        key = load_key(key_path)
        text = key_path.with_suffix(".txt").read_text()
        published = date.fromisoformat(key["article"]["published"])
        found = check_text(text, published, load)
        s = score(text, found, key)
        total.add(s)
        texts.append((text, published))
        print(f"{key_path.stem:24} claims {s.claims:2}  mapped {s.mapped:2}  verdicts {s.verdicts:2}  "
              f"wrong matches {len(s.wrong_matches)}  non-claims {s.nonclaims} (given a verdict: "
              f"{len(s.nonclaim_verdicts)})")
    print(f"\nfound and mapped right: {total.mapped}/{total.claims} = {total.mapped / total.claims:.0%}")
    print(f"verdicts right:         {total.verdicts}/{total.claims} = {total.verdicts / total.claims:.0%}")
    print(f"wrong 'matches':        {len(total.wrong_matches)} {total.wrong_matches or ''}")
    print(f"non-claims given a verdict: {len(total.nonclaim_verdicts)} of {total.nonclaims} "
          f"{total.nonclaim_verdicts or ''}")

    # a ~1,000-word article: the four test articles, then the seed's paragraphs up to 1,000 words
    parts = [t for t, _ in texts]
    for paragraph in (SEED.read_text().splitlines() if SEED.exists() else []):
        if len("\n\n".join(parts).split()) >= 1000:
            break
        parts.append(paragraph)
    long_text = "\n\n".join(parts)
    words = len(long_text.split())
    published = date(2026, 8, 20)
    check_text(long_text, published, load)  # warm: data loaded, regexes compiled
    read = _median_time(lambda: extract(long_text, published))
    full = _median_time(lambda: check_text(long_text, published, load))
    claims = len(check_text(long_text, published, load))
    print(f"\n{words}-word article, {claims} figures: reading {read * 1000:.1f} ms, reading + verdicts "
          f"{full * 1000:.0f} ms (median of 7 warm runs)")

    if SEED.exists():
        text = SEED.read_text()
        found = check_text(text, date(2024, 6, 20), load)
        _, claims_ = load_claims()
        hits = seed_found(text, found, claims_)
        checkable = sum(1 for c in claims_ if c.check is not None)
        print(f"\nseed article: {len(hits)} of the {len(claims_)} hand-written claims ({checkable} with a check) "
              f"found by the extractor itself: {', '.join(hits)}")
        given = [f"{f.number}: {f.verdict}" for f in found if f.verdict != "not checkable"]
        print(f"seed figures read: {len(found)}; given a verdict: {len(given)} ({'; '.join(given)})")


if __name__ == "__main__":
    main()
