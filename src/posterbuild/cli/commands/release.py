"""``posterbuild release``: publish a version (history, snapshot, PDF; never overwrites)."""

from __future__ import annotations

import argparse

from posterbuild.publish.release import release

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    done = release(args.poster_dir, args.release_version, args.note, credits=args.credit,
                   date=args.date, dry_run=args.dry_run)
    if done.dry_run:
        print(f"dry run: {done.version} would be released; nothing was written. It would write:")
        for path in done.files:
            print(f"  {path}" + ("/ (the DOT and layout JSON beside the PDF)" if not path.suffix else ""))
        return 0
    print(f"released {done.version}: {done.snapshot} and {done.pdf}")
    return 0
