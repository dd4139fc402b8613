"""A connection's identity (workload, the two roles, protocol, transport, ports): one definition,
used by validation, diff, review highlighting and snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest

from posterbuild.release.diff import diff_posters, render_text
from posterbuild.release.review import review_of
from posterbuild.source.load import load_poster

CHAT = "workloads/chat.yaml"
SIP_443 = """  - from: user
    to: edge
    protocol: sip
    transport: TLS
    port: 443
    source: https://example.org/doc
"""
SIP_5061 = SIP_443.replace("port: 443", "port: 5061")


def _with_connections(folder: Path, *, first: str = "", last: str = "") -> None:
    """Add connections before the first one and after the last one of the chat workload."""
    path = folder / CHAT
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("connections:\n", 1)
    path.write_text(head + "connections:\n" + first + rest + last, encoding="utf-8")


BUG = pytest.mark.xfail(strict=True, reason="issue 11: diff keys connections without ports")


@BUG
@pytest.mark.parametrize("where", ["after", "before"])
def test_a_second_connection_on_another_port_diffs_as_added(mini, tmp_path, where):
    """Bug: the diff keyed connections without their ports, so the new 5061 rule showed as
    'changed ports: 443 -> 5061' (added after) or as no difference at all (added before)."""
    old = load_poster(mini)
    _with_connections(mini, **({"last": SIP_5061} if where == "after" else {"first": SIP_5061}))
    new = load_poster(mini)
    changes = [c for c in diff_posters(old, new) if c.kind == "connection"]
    assert [(c.action, c.fields) for c in changes] == [("added", ())]
    assert "5061" in changes[0].key
    text = render_text(diff_posters(old, new), "old", "new")
    assert "no differences" not in text and "443 -> 5061" not in text


@BUG
@pytest.mark.parametrize("where", ["after", "before"])
def test_review_highlights_only_the_new_connection(mini, where):
    old = load_poster(mini)
    _with_connections(mini, **({"last": SIP_5061} if where == "after" else {"first": SIP_5061}))
    new = load_poster(mini)
    review = review_of(old, new, "1.0")
    chat = new.workload("chat")
    marked = [chat.connections[i].port_text for i in sorted(review.connections["chat"])]
    assert marked == ["5061"]
