"""The firewall poster: every rule on it is a connection of the data, and back."""

from __future__ import annotations

import re
from collections import Counter

import pdfplumber
import pytest

from posterbuild import pipeline
from posterbuild.exports.connections import connection_rows
from posterbuild.page.firewall_rules import NO_FIREWALL, rule_rows
from tests.conftest import LYNC

pytestmark = pytest.mark.exe


@pytest.fixture(scope="module")
def firewall_poster(tmp_path_factory):
    loaded = pipeline.load(LYNC, "firewall")
    out = tmp_path_factory.mktemp("fw") / "firewall.pdf"
    pipeline.write(pipeline.build(loaded), out)
    with pdfplumber.open(out) as pdf:
        text = re.sub(r"\s+", " ", pdf.pages[0].extract_text())
    return loaded, text


def test_every_rule_is_a_connection_and_back(firewall_poster):
    loaded, _ = firewall_poster
    poster = loaded.poster
    rows = rule_rows(poster)
    everything = [c for w in poster.workloads for c in w.connections]
    shown = Counter(id(c) for r in rows for c in r.connections)
    assert set(shown) == {id(c) for c in everything}  # nothing left out, nothing invented
    owner = {id(c): w for w in poster.workloads for c in w.connections}
    for r in rows:  # each row says what each of its connections says
        for c in r.connections:
            assert r.cells[:3] == (poster.protocols[c.protocol].name, c.transport, c.port_text)
        assert r.workloads == tuple(w.id for w in poster.workloads
                                    if any(owner[id(c)] is w for c in r.connections))
        assert r.cells[3] == ", ".join(poster.workload(w).title for w in r.workloads)
    for c in everything:  # a connection shows once per firewall it crosses and way it opens
        zones = [z.id for z in poster.zones]
        a, b = zones.index(poster.roles[c.initiator].zone), zones.index(poster.roles[c.listener].zone)
        crossed = sum(1 for f in poster.firewalls
                      if min(a, b) <= zones.index(f.left) and zones.index(f.right) <= max(a, b))
        expected = max(1, crossed) * (2 if c.both_ways and crossed else 1)
        assert shown[id(c)] == expected, (c.origin, shown[id(c)], expected)


def test_the_ports_export_agrees_row_for_row(firewall_poster):
    loaded, _ = firewall_poster
    poster = loaded.poster
    csv_rows = {(r["protocol"], r["transport"], r["port"], r["workload"]) for r in connection_rows(poster)}
    fw_rows = {(r.cells[0], r.cells[1], r.cells[2], poster.workload(w).title)
               for r in rule_rows(poster) for w in r.workloads}
    assert csv_rows == fw_rows


def test_identical_rules_are_one_row(firewall_poster):
    """One row per (firewall, direction, source, destination, protocol, transport, port),
    however many workloads need it: 107 rows became 78 on the Lync poster."""
    loaded, _ = firewall_poster
    rows = rule_rows(loaded.poster)
    keys = [(r.table, r.section, *r.cells[:3]) for r in rows]
    assert len(keys) == len(set(keys))
    shared = [r for r in rows if len(r.workloads) > 1]
    assert shared, "the Lync poster has rules that several workloads need"
    assert len(rows) < sum(len(r.workloads) for r in rows)


def test_rules_are_printed(firewall_poster):
    loaded, text = firewall_poster
    assert "Microsoft Lync Server 2010 Firewall Poster" in text
    for fw in loaded.poster.firewalls:
        assert fw.name in text
    assert NO_FIREWALL in text
    sections = {r.section for r in rule_rows(loaded.poster)}
    for section in sections:
        assert section.replace("→", "->") in text or section in text, section
