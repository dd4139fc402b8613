"""``posterbuild docs [TOPIC]``: the documents shipped with posterbuild (the data, layout and
sources formats, ...), readable wherever it is installed: the list of topics with their files,
one topic's text, or with ``--path`` its file."""

from __future__ import annotations

import argparse
import sys

from posterbuild.core.builtin import doc_topics
from posterbuild.core.errors import PosterError
from posterbuild.source.suggest import did_you_mean

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    topics = doc_topics()
    if not topics:
        raise PosterError("no documents found: this posterbuild was installed without its docs/")
    if args.topic is None:
        width = max(map(len, topics))
        for name, path in topics.items():
            print(f"{name:<{width}}  {path}")
        return 0
    name = args.topic.removesuffix(".md").removeprefix("docs/")
    if name not in topics:
        raise PosterError(f"no document '{args.topic}' (topics: {', '.join(topics)})"
                          + (f";{hint}" if (hint := did_you_mean(name, topics)) else ""))
    if args.path:
        print(topics[name])
    else:
        sys.stdout.write(topics[name].read_text(encoding="utf-8"))
    return 0
