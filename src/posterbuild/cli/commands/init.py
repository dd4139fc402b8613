"""``posterbuild init``: a new poster folder that builds as it is (:mod:`posterbuild.cli.scaffold`)."""

from __future__ import annotations

import argparse

from posterbuild.cli.scaffold import next_steps, scaffold

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    print(next_steps(scaffold(args.folder, product=args.product, author=args.author, title=args.title)))
    return 0
