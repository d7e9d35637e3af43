"""Server CPU per cold page view, this checkout against an earlier revision, alternated in one run.

    python bench/bench_server_cpu.py [--base 2c8d5af] [--views 6]

bench_ui.py gives each page's CPU as a ratio to a bare page, whose own CPU moves from run to run
(110-180 ms here); this compares the app with itself. The base revision is checked out in a
temporary git worktree; both are served on loopback, and each view (a cold browser context, until
the page's tabs are drawn, plus 1.5 s) is charged the CPU its server used, read from /proc. The
first view of each server is dropped (imports and caches); medians of the rest.
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
from bench.bench_ui import ARGS, CHROMIUM, cpu_seconds, serve  # noqa: E402

PAGES = ("/treasuries", "/usdjpy", "/gold")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="2c8d5af")
    parser.add_argument("--views", type=int, default=6)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        base_tree = Path(scratch) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(base_tree), args.base],
                       check=True)
        servers = {}
        try:
            servers[args.base] = serve_at(base_tree, Path(scratch) / "home-base")
            servers["this checkout"] = serve_at(ROOT, Path(scratch) / "home-now")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                print(f"server CPU per cold view, ms (median of {args.views - 1}, alternated):")
                for path in PAGES:
                    spent: dict[str, list[float]] = {name: [] for name in servers}
                    for _ in range(args.views):
                        for name, (proc, url) in servers.items():
                            context = browser.new_context(viewport={"width": 1280, "height": 900})
                            page = context.new_page()
                            before = cpu_seconds(proc.pid)
                            page.goto(url + path)
                            page.wait_for_selector("[data-testid='stTabs']", timeout=60_000)
                            time.sleep(1.5)
                            spent[name].append(cpu_seconds(proc.pid) - before)
                            context.close()
                    print(f"  {path:<12} " + "   ".join(
                        f"{name}: {statistics.median(v[1:]) * 1000:4.0f}" for name, v in spent.items()))
                browser.close()
        finally:
            for proc, _ in servers.values():
                proc.terminate()
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_tree)], check=False)


def serve_at(tree: Path, home: Path) -> tuple[subprocess.Popen, str]:
    """bench_ui's server, started from another checkout (its `ROOT` is the server's working folder)."""
    import bench.bench_ui as ui

    home.mkdir()
    saved, ui.ROOT = ui.ROOT, tree
    try:
        return serve("app.py", str(home))
    finally:
        ui.ROOT = saved


if __name__ == "__main__":
    main()
