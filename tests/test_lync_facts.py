"""Key Lync Server 2010 facts pinned to the data and to the printed poster.

Engineers open firewalls from these: if a change to the data breaks one, this test says which.
"""

from __future__ import annotations

import re

import pytest

from posterbuild.model import PortRange
from posterbuild.page.grid import panel_rects
from posterbuild.source.load import load_poster
from tests.conftest import LYNC

# (workload, initiator, listener, protocol, transport, port, either side may open)
FACTS = [
    ("im-presence", "edge-internal", "front-end", "sip", "MTLS", 5061, True),
    ("im-presence", "remote-user", "access-edge", "sip", "TLS", 443, False),
    ("im-presence", "federated-partner", "access-edge", "sip", "MTLS", 5061, True),
    ("im-presence", "xmpp-partner", "xmpp-gateway", "xmpp", "TCP", 5269, True),
    ("av-conferencing", "internal-user", "web-conf", "psom", "TLS", 8057, False),
    ("av-conferencing", "focus", "av-conf", "c3p", "TCP", 444, False),
    ("av-conferencing", "front-end", "edge-internal", "sip", "MTLS", 5062, False),
    ("av-conferencing", "remote-user", "av-edge", "stun", "UDP", 3478, True),
    ("av-conferencing", "remote-user", "av-edge", "stun", "TCP", 443, False),
    ("enterprise-voice", "front-end", "mediation", "sip", "MTLS", 5070, False),
]
IDS = [f"{w}:{a}->{b}:{p}/{t}:{n}" for w, a, b, p, t, n, _ in FACTS]


@pytest.fixture(scope="module")
def poster():
    return load_poster(LYNC)


def _find(poster, workload, initiator, listener, protocol, transport, port):
    w = poster.workload(workload)
    return [c for c in w.connections
            if (c.initiator, c.listener, c.protocol, c.transport) == (initiator, listener, protocol, transport)
            and PortRange(port, port) in c.ports]


@pytest.mark.parametrize("fact", FACTS, ids=IDS)
def test_fact_is_in_the_data_with_a_source(poster, fact):
    *key, both = fact
    found = _find(poster, *key)
    assert len(found) == 1, f"{key} not in the data"
    assert found[0].both_ways == both
    assert found[0].source.startswith(("https://", "http://", "poster 5.15"))


@pytest.mark.exe
@pytest.mark.parametrize("fact", FACTS, ids=IDS)
def test_fact_is_printed_in_its_quadrant(lync, fact):
    workload, *_ = fact
    c = _find(lync.loaded.poster, *fact[:-1])[0]
    label = lync.loaded.poster.label(c)
    rect = next(r for p, r in panel_rects(lync.built.layout) if p.workload == workload)
    words = [w["text"] for w in lync.words
             if rect.x <= w["x0"] and w["x1"] <= rect.right
             and rect.y <= lync.page_height - w["bottom"] and lync.page_height - w["top"] <= rect.top]
    assert label in re.sub(r"\s+", " ", " ".join(words)), label


def test_edge_external_certificate_and_federation_srv(poster):
    edge = [c for c in poster.certificates if c.role == "access-edge"]
    assert edge and all(c.ca == "public" for c in edge)
    srv = [r for r in poster.dns_records if r.type == "SRV" and r.name.startswith("_sipfederationtls._tcp.")]
    assert srv and srv[0].port == 5061 and srv[0].view == "external"
    remote = [r for r in poster.dns_records if r.type == "SRV" and r.name.startswith("_sip._tls.")]
    assert remote and remote[0].port == 443
    internal = [r for r in poster.dns_records if r.name.startswith("_sipinternaltls._tcp.")]
    assert internal and internal[0].port == 5061 and internal[0].view == "internal"
