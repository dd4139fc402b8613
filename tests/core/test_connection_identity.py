"""A connection's identity (workload, the two roles, protocol, transport, ports): one definition,
used by validation, diff, review highlighting and snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest

from posterbuild.core.errors import DataError
from posterbuild.core.model import Connection, Origin, PortRange
from posterbuild.versions.diff import diff_posters, render_text
from posterbuild.versions.review import review_of
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


@pytest.mark.parametrize("where", ["after", "before"])
def test_review_highlights_only_the_new_connection(mini, where):
    old = load_poster(mini)
    _with_connections(mini, **({"last": SIP_5061} if where == "after" else {"first": SIP_5061}))
    new = load_poster(mini)
    review = review_of(old, new, "1.0")
    chat = new.workload("chat")
    marked = [chat.connections[i].port_text for i in sorted(review.connections["chat"])]
    assert marked == ["5061"]


INNER = """  - from: edge
    to: node
    protocol: sip
    transport: MTLS
    port: 5061
    both_ways: true
    note: Inner hop
    source: https://example.org/doc
"""


def _edit(folder: Path, old: str, new: str) -> None:
    path = folder / CHAT
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# (what is edited in the inner connection, the expected connection changes)
EDITS = {
    "from": ("from: edge\n    to: node", "from: user\n    to: node", [("added", ()), ("removed", ())]),
    "to": ("to: node\n    protocol: sip", "to: db\n    protocol: sip", [("added", ()), ("removed", ())]),
    "protocol": ("protocol: sip\n    transport: MTLS", "protocol: sql\n    transport: MTLS",
                 [("added", ()), ("removed", ())]),
    "transport": ("transport: MTLS", "transport: TLS", [("added", ()), ("removed", ())]),
    "ports": ("port: 5061\n    both", "port: [5062, 5061]\n    both",
              [("changed", (("ports", "5061", "5062, 5061"),))]),
    "both_ways": ("both_ways: true", "both_ways: false", [("changed", (("both_ways", "yes", "no"),))]),
    "note": ("note: Inner hop", "note: Inner leg", [("changed", (("note", "Inner hop", "Inner leg"),))]),
    "source": ("note: Inner hop\n    source: https://example.org/doc",
               "note: Inner hop\n    source: poster 1.0",
               [("changed", (("source", "https://example.org/doc", "poster 1.0"),))]),
    "added": ("connections:\n", "connections:\n" + SIP_5061, [("added", ())]),
    "removed": (INNER, "", [("removed", ())]),
    "port order only": ('port: [1433, "49152-65535"]', 'port: ["49152-65535", 1433]', []),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_each_field_added_removed_or_changed(mini, edit):
    old_text, new_text, expected = edit
    old = load_poster(mini)
    _edit(mini, old_text, new_text)
    new = load_poster(mini)
    changes = sorted((c.action, c.fields) for c in diff_posters(old, new) if c.kind == "connection")
    assert changes == expected


def test_a_connection_twice_is_refused_even_with_its_ports_reordered(mini):
    _edit(mini, 'port: [1433, "49152-65535"]\n    source: poster 1.0\n',
          'port: [1433, "49152-65535"]\n    source: poster 1.0\n'
          '  - from: node\n    to: db\n    protocol: sql\n    transport: TCP\n'
          '    port: ["49152-65535", 1433]\n    source: poster 1.0\n')
    with pytest.raises(DataError, match=r"connections\[3\]: the same connection twice"):
        load_poster(mini)


def test_the_same_route_on_another_port_is_another_connection(mini):
    _with_connections(mini, last=SIP_5061)
    chat = load_poster(mini).workload("chat")
    keys = [c.key("chat") for c in chat.connections]
    assert len(set(keys)) == len(keys) == 4
    assert keys[0].route == keys[3].route and keys[0] != keys[3]


def test_the_key_names_the_workload_and_sorts_the_ports():
    c = Connection("a", "b", "sip", "TLS", (PortRange(5061, 5061), PortRange(443, 443)), "s",
                   Origin("f", 1))
    assert c.key("w").ports == (PortRange(443, 443), PortRange(5061, 5061))
    assert c.key("w") != c.key("v")
