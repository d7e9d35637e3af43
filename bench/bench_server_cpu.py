"""Server CPU per cold page view: two revisions of the app and a bare one-chart page, alternated in one run.

    python bench/bench_server_cpu.py [--base 2d62e7b] [--head REV] [--views 6] [--pages /gold,/usdjpy]

`--base` and `--head` are any two revisions (head: this checkout as it is, uncommitted edits
included); each given revision is checked out in a temporary git worktree. The two apps and the
bare page of bench_ui.py (bench/bare_page.py: one 100-point plotly chart) are served on loopback
side by side; each view (a cold browser context, until the page's script has finished and gone
quiet: bench_ui's SETTLED, plus 0.3 s) is charged the CPU its server used, read from /proc. The
first view of each server and page is dropped (imports and caches); medians of the rest, and each
page's ratios to the bare page's median of the same run.

The CPU a bare page costs moves from run to run (110-180 ms on these machines) and with what the
other users of the machine run: compare ratios within one run, never milliseconds across runs.
The reference numbers are in bench/results_server_cpu.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.bench_ui import ARGS, CHROMIUM, SETTLED, cpu_seconds, serve  # noqa: E402

PAGES = ("/treasuries", "/usdjpy", "/gold", "/reserves", "/article")
BARE = "bare page"
#: What a page has drawn once its first view is on screen: a chart, the overview's tiles, the article's tiles.
DRAWN = ".js-plotly-plot .main-svg, [data-testid='stMetric']"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="2d62e7b")
    parser.add_argument("--head", default=None, help="a revision (default: this checkout as it is)")
    parser.add_argument("--views", type=int, default=6)
    parser.add_argument("--pages", default=",".join(PAGES))
    args = parser.parse_args()
    pages = tuple(p.strip() for p in args.pages.split(",") if p.strip())
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        trees: dict[str, Path] = {}
        for label, rev in ((f"base {args.base}", args.base), (f"head {args.head or 'this checkout'}", args.head)):
            if rev is None:
                trees[label] = ROOT
                continue
            tree = Path(scratch) / label.split()[0]
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(tree), rev], check=True)
            trees[label] = tree
        servers: dict[str, tuple[subprocess.Popen, str]] = {}
        try:
            for label, tree in trees.items():
                servers[label] = serve_at(tree, Path(scratch) / f"home-{label.split()[0]}", "app.py")
            servers[BARE] = serve_at(ROOT, Path(scratch) / "home-bare", "bench/bare_page.py")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                bare: list[float] = []
                print(f"server CPU per cold view, ms (median of {args.views - 1}, alternated; "
                      f"ratio to the bare page's median in this run):")
                rows = []
                for path in pages:
                    spent: dict[str, list[float]] = {name: [] for name in servers}
                    for _ in range(args.views):
                        for name, (proc, url) in servers.items():
                            spent[name].append(view_cpu(browser, proc.pid, url + ("" if name == BARE else path)))
                    bare += spent[BARE][1:]
                    rows.append((path, {name: statistics.median(v[1:]) for name, v in spent.items()}))
                reference = statistics.median(bare)
                for path, medians in rows:
                    print(f"  {path:<12} " + "   ".join(
                        f"{name}: {ms * 1000:4.0f} ({ms / reference:4.2f}x)"
                        for name, ms in medians.items() if name != BARE))
                print(f"  {'bare page':<12} {reference * 1000:4.0f} ms (median of {len(bare)} views, all pages' turns)")
                browser.close()
        finally:
            for proc, _ in servers.values():
                proc.terminate()
            for tree in trees.values():
                if tree != ROOT:
                    subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)


def view_cpu(browser, pid: int, url: str) -> float:
    """Server CPU seconds of one cold view: navigation until the page's script runs are over."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    before = cpu_seconds(pid)
    page.goto(url)
    page.wait_for_selector(DRAWN, state="visible", timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000)
    time.sleep(0.3)  # the last deltas and the session's bookkeeping
    spent = cpu_seconds(pid) - before
    context.close()
    return spent


def serve_at(tree: Path, home: Path, script: str) -> tuple[subprocess.Popen, str]:
    """bench_ui's server, started from another checkout (its `ROOT` is the server's working folder)."""
    import bench.bench_ui as ui

    home.mkdir()
    saved, ui.ROOT = ui.ROOT, tree
    try:
        return serve(script, str(home))
    finally:
        ui.ROOT = saved


if __name__ == "__main__":
    main()
