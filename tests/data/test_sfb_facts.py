"""Key Skype for Business Server 2015 facts pinned to the data of data/sfb2015.

Each fact is a row of Microsoft's port tables (ports-and-protocols, edge-environmental-requirements,
the Video Interop Server pages); if a data change breaks one, this test says which.
"""

from __future__ import annotations

import pytest

from posterbuild.source.load import load_poster
from tests.conftest import ROOT

SFB = ROOT / "data" / "sfb2015"
DOCS = "https://learn.microsoft.com/en-us/skypeforbusiness/"

# (workload, initiator, listener, protocol, transport, port, either side may open)
FACTS = [
    ("im-presence", "remote-user", "access-edge", "sip", "TLS", 443, False),
    ("im-presence", "federated-partner", "access-edge", "sip", "MTLS", 5061, True),
    ("im-presence", "xmpp-partner", "access-edge", "xmpp", "TCP", 5269, True),
    ("im-presence", "xmpp-gateway", "edge-internal", "xmpp", "MTLS", 23456, False),
    ("im-presence", "front-end", "persistent-chat", "sip", "MTLS", 5041, False),
    ("im-presence", "front-end", "im-conf", "sip", "TCP", 5062, False),
    ("av-conferencing", "internal-user", "web-conf", "psom", "TLS", 8057, False),
    ("av-conferencing", "front-end", "edge-internal", "sip", "MTLS", 5062, False),
    ("av-conferencing", "front-end", "office-web-apps", "https", "TCP", 443, False),
    ("av-conferencing", "remote-user", "av-edge", "stun", "UDP", 3478, True),
    ("av-conferencing", "internal-user", "av-conf", "srtp", "UDP", 57501, True),  # video range
    ("app-sharing", "front-end", "app-sharing-svc", "sip", "TCP", 5065, False),
    ("enterprise-voice", "front-end", "mediation", "sip", "MTLS", 5070, False),
    ("enterprise-voice", "pstn-gateway", "mediation", "sip", "TLS", 5067, False),
    ("enterprise-voice", "video-gateway", "video-interop", "sip", "TCP", 6001, False),
    ("cms", "cms-master", "edge-internal", "https", "TCP", 4443, False),
]
IDS = [f"{w}:{a}->{b}:{p}/{t}:{n}" for w, a, b, p, t, n, _ in FACTS]


@pytest.fixture(scope="module")
def poster():
    return load_poster(SFB)


def _find(poster, workload, initiator, listener, protocol, transport, port):
    w = poster.workload(workload)
    return [c for c in w.connections
            if (c.initiator, c.listener, c.protocol, c.transport) == (initiator, listener, protocol, transport)
            and any(r.low <= port <= r.high for r in c.ports)]


@pytest.mark.parametrize("fact", FACTS, ids=IDS)
def test_fact_is_in_the_data_with_a_documentation_source(poster, fact):
    *key, both = fact
    found = _find(poster, *key)
    assert len(found) == 1, f"{key} not in the data"
    assert found[0].both_ways == both
    assert found[0].source.startswith("https://learn.microsoft.com/"), found[0].source


def test_every_fact_of_the_poster_names_a_documentation_page(poster):
    sources = [c.source for w in poster.workloads for c in w.connections]
    sources += [c.source for c in poster.certificates] + [r.source for r in poster.dns_records]
    # learn.microsoft.com, or the MicrosoftDocs repository it is built from (a Lync Server 2013 table
    # the 2015 documentation does not publish: the reverse proxy ports)
    assert sources and all(s.startswith(("https://learn.microsoft.com/", "https://github.com/MicrosoftDocs/"))
                           for s in sources)
    assert sum(s.startswith(DOCS) for s in sources) > 0.9 * len(sources)


def test_edge_certificate_and_dns(poster):
    external = [c for c in poster.certificates if c.role == "access-edge"]
    assert external and all(c.ca == "public" for c in external)
    assert {"sip.contoso.com", "webcon.contoso.com"} <= set(external[0].san)
    internal = [c for c in poster.certificates if c.role == "edge-internal"]
    assert len(internal) == 1 and not internal[0].san
    srv = {r.name: r for r in poster.dns_records if r.type == "SRV"}
    assert srv["_sip._tls.contoso.com"].port == 443 and srv["_sip._tls.contoso.com"].view == "external"
    assert srv["_sipfederationtls._tcp.contoso.com"].port == 5061
    assert srv["_xmpp-server._tcp.contoso.com"].port == 5269
    assert srv["_sipinternaltls._tcp.contoso.com"].view == "internal"


def test_poster_selects_its_own_layout():
    from posterbuild import pipeline
    loaded = pipeline.load(SFB)
    assert loaded.layout.name == "default"
    drawn = {p.workload for p in loaded.layout.panels if p.workload}
    assert drawn == {w.id for w in loaded.poster.workloads if w.placement == "diagram"}
    assert {w.id for w in loaded.poster.workloads if w.placement == "table"} == {"infrastructure"}
