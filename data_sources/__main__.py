"""Command line: `python -m data_sources refresh|status|vintages`."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from datetime import UTC, datetime
from pathlib import Path

from . import api, catalogue, due
from .refresh import default_settings, refresh
from .result import Provenance


def cmd_refresh(args: argparse.Namespace) -> int:
    for name in args.names:
        catalogue.get(name)
    if args.due:
        if args.snapshot:
            print("--due refreshes the store, not the bundled snapshot", file=sys.stderr)
            return 2
        decided = due.decisions(api.user_store(args.home), names=args.names or None)
        for d in decided:
            print(f"{'due ' if d.due else 'wait'} {d.name:<18} {d.reason}")
        args.names = [d.name for d in decided if d.due]
        if not args.names:
            upcoming = min(decided, key=lambda d: d.next_check)
            print(f"nothing due; next check {upcoming.next_check:%Y-%m-%d %H:%M} UTC ({upcoming.name})")
            return 0
    settings = default_settings(mirror=args.mirror, snapshot=args.snapshot, home=args.home)
    if args.accept_dropped:
        settings = dataclasses.replace(settings, accept_dropped=True)
    if args.due:  # another replica or CronJob may refresh a dataset while this one waits for its lock
        settings = dataclasses.replace(settings, recheck_due=True)
    target = "bundled snapshot" if args.snapshot else str(settings.store.root)
    source = f"mirror {args.mirror}" if args.mirror else "the official sources"
    print(f"refreshing from {source} into {target}")
    reports = refresh(args.names or None, settings)
    for report in reports:
        print(report.line())
    failed = [r.name for r in reports if not r.ok]
    if failed:
        print(f"{len(failed)} failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


def cmd_status(args: argparse.Namespace) -> int:
    now = datetime.now(UTC)
    store = api.user_store(args.home)
    print(f"{'dataset':<18} {'data to':<10} {'retrieved (UTC)':<16} {'age':>6}  {'origin':<8} stale  "
          "schedule; last error or problem")
    for row in api.status(store=store, now=now):
        if isinstance(row, Provenance):
            retrieved = row.retrieved_at.strftime("%Y-%m-%d %H:%M") if row.retrieved_at else "-"
            age = row.age_text(now) or "-"
            as_of = row.as_of.date().isoformat() if row.as_of is not None else "-"
            trouble = "; ".join([row.last_error] if row.last_error else list(row.problems))
            print(f"{row.dataset:<18} {as_of:<10} {retrieved:<16} {age:>6}  {row.origin:<8} "
                  f"{'yes' if row.stale else 'no ':<5}  {row.schedule_text(now)}{'; ' + trouble if trouble else ''}")
        else:
            print(f"{row[0]:<18} unavailable: {row[1]}")
    return 0


def cmd_vintages(args: argparse.Namespace) -> int:
    for entry in api.vintages(args.name, store=api.user_store(args.home)):
        print(f"{entry['vintage']}  retrieved {entry['retrieved_at']}  as of {entry['as_of']}  {entry['rows']:,} rows")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data_sources", description=__doc__)
    parser.add_argument("--home", type=Path,
                        help="cache/store folder (default: $DOLLAR_TIDE_HOME or the user cache dir)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("refresh", help="fetch, parse, validate and store datasets")
    p.add_argument("names", nargs="*", metavar="NAME",
                   help=f"datasets (default: all): {', '.join(catalogue.CATALOGUE)}")
    p.add_argument("--mirror", type=Path,
                   help="answer the official URLs from this folder (urls.tsv) instead of the network")
    p.add_argument("--snapshot", action="store_true",
                   help="write into the bundled snapshot (data_sources/snapshot/)")
    p.add_argument("--due", action="store_true",
                   help="only the datasets whose next release is due (or whose last attempt failed, after a "
                        "backoff); a quick no-op otherwise (for cron or a Kubernetes CronJob)")
    p.add_argument("--accept-dropped", action="store_true",
                   help="accept a release in which series of the stored one are gone (the publisher dropped them)")
    p.set_defaults(run=cmd_refresh)
    p = sub.add_parser("status", help="as-of date, retrieval time, age, origin and last error of each dataset")
    p.set_defaults(run=cmd_status)
    p = sub.add_parser("vintages", help="list the stored releases of a dataset")
    p.add_argument("name")
    p.set_defaults(run=cmd_vintages)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyError as exc:
        print(exc.args[0] if exc.args else exc, file=sys.stderr)
        return 2
    except OSError as exc:  # an unwritable home or store: say so, without a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
