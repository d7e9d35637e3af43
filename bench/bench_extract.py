"""The claim extractor on our own test articles, on a corpus of real published items, and on the seed article.

    python bench/bench_extract.py [-v]

Our own articles: tests/articles/*.txt with their answer keys. The real corpus: the answer keys in
tests/articles/real/*.toml (URL, publication date, dev or held-out half, every figure annotated); their
texts are not ours and are not in the repository: they are read from `$DOLLAR_TIDE_ARTICLE_CACHE`
(default /work/cache/articles/, one `<key name>.txt` each), and the real corpus is skipped with a message
when that folder is absent. Prints, per set and per dataset: claims found with the right dataset and
verdict, wrong "matches", verdicts given to figures that are no claim about our data; the time for a
~1,000-word article (median of warm runs); and how many of the seed article's 28 hand-written claims
(analysis/article_claims.toml) the extractor finds by itself with the worked example's verdict.
With -v: every claim missed, with what the extractor made of it.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.extract import check_text, extract
from analysis.extract.score import Score, load_key, score, seed_agrees, seed_found
from analysis.verdicts import evaluate, load_claims
from data_sources import load

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "articles"
SEED = Path("/work/shared/seed/article.txt")
CACHE = Path(os.environ.get("DOLLAR_TIDE_ARTICLE_CACHE", "/work/cache/articles"))
VERBOSE = "-v" in sys.argv


def _median_time(run: object, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _report(name: str, total: Score) -> None:
    share = total.verdicts / total.claims if total.claims else 0.0
    print(f"{name}: {total.verdicts}/{total.claims} = {share:.0%} found with the right dataset and verdict; "
          f"wrong 'matches' {len(total.wrong_matches)} {total.wrong_matches or ''}; non-claims given a verdict "
          f"{len(total.nonclaim_verdicts)} of {total.nonclaims} {total.nonclaim_verdicts or ''}")
    for dataset, (claims, right, wrong) in sorted(total.by_dataset.items()):
        print(f"    {dataset:20} {right:3}/{claims:3} = {right / claims if claims else 0:4.0%}   wrong matches {wrong}")
    if VERBOSE:
        for line in total.missed:
            print("    missed", line)


def _score_keys(paths: list[Path], text_of: object) -> tuple[Score, list[tuple[str, date]]]:
    total, texts = Score(), []
    for key_path in paths:
        key = load_key(key_path)
        text = text_of(key_path)  # type: ignore[operator]
        published = date.fromisoformat(key["article"]["published"])
        s = score(text, check_text(text, published, load), key)
        total.add(s)
        texts.append((text, published))
    return total, texts


def main() -> None:
    own, texts = _score_keys(sorted(ARTICLES.glob("*.toml")), lambda p: p.with_suffix(".txt").read_text())
    _report("own articles", own)

    real = sorted((ARTICLES / "real").glob("*.toml"))
    if not CACHE.is_dir():
        print(f"\nreal corpus: skipped, no article cache at {CACHE} (set DOLLAR_TIDE_ARTICLE_CACHE)")
    else:
        for half in ("dev", "heldout"):
            paths = [p for p in real if load_key(p)["article"].get("split") == half
                     and (CACHE / f"{p.stem}.txt").exists()]
            missing = sum(1 for p in real if not (CACHE / f"{p.stem}.txt").exists())
            total, _ = _score_keys(paths, lambda p: (CACHE / f"{p.stem}.txt").read_text())
            print()
            _report(f"real {half} ({len(paths)} items{f', {missing} not in the cache' if missing else ''})", total)

    # a ~1,000-word article: our test articles, then the seed's paragraphs up to 1,000 words
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
        meta, claims_ = load_claims()
        worked = {c.id: evaluate(c, load, str(meta.get("published", "2024-06"))).status for c in claims_}
        hits = seed_found(text, found, claims_)
        agree = [c.id for c in claims_ if seed_agrees(text, found, c, worked[c.id])]
        print(f"\nseed article: {len(agree)} of the {len(claims_)} worked-example claims found by the extractor "
              f"itself with the worked example's verdict ({len(hits)} found): {', '.join(agree)}")
        if VERBOSE:
            print("    not agreeing:", ", ".join(f"{c.id} ({worked[c.id]})" for c in claims_ if c.id not in agree))
        given = [f"{f.number}: {f.verdict}" for f in found if f.verdict != "not checkable"]
        print(f"seed figures read: {len(found)}; given a verdict: {len(given)} ({'; '.join(given)})")


if __name__ == "__main__":
    main()
