"""``posterbuild watch``: rebuild each time a data or layout file is saved
(:mod:`posterbuild.cli.watch`)."""

from __future__ import annotations

import argparse

from posterbuild.cli.watch import watch

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    return watch(args.poster_dir, args.layout, args.output, args.preview, max_builds=args.max_builds)
