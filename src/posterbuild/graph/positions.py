"""Graphviz's layout of one DOT graph as the placement reads it: each node's centre and size."""

from __future__ import annotations

import json
from dataclasses import dataclass

__all__ = ["Positions", "parse_positions"]

Point = tuple[float, float]


@dataclass(frozen=True)
class Positions:
    """Graphviz's layout of one DOT graph, in points with y running DOWN from its top edge:
    every node's centre and size, and the drawing's width and height."""

    nodes: dict[str, Point]
    sizes: dict[str, Point]
    width: float
    height: float


def parse_positions(text: str) -> Positions:
    """Read ``dot -Tjson`` output: node centres (y turned to run downwards) and sizes, in points.

    >>> p = parse_positions('{"bb": "0,0,100,50", "objects": [{"name": "a", "pos": "20,40", '
    ...                     '"width": "0.5", "height": "0.25"}, {"name": "cluster_x"}]}')
    >>> p.nodes["a"], p.sizes["a"], p.width, p.height
    ((20.0, 10.0), (36.0, 18.0), 100.0, 50.0)
    """
    data = json.loads(text)
    _, _, w, h = (float(v) for v in data["bb"].split(","))
    nodes, sizes = {}, {}
    for obj in data.get("objects", []):
        if "pos" not in obj:
            continue  # a subgraph
        x, y = (float(v) for v in obj["pos"].split(","))
        nodes[obj["name"]] = (x, h - y)
        sizes[obj["name"]] = (float(obj["width"]) * 72, float(obj["height"]) * 72)
    return Positions(nodes, sizes, w, h)
