"""Key Lync Server 2010 facts pinned to the data and to the printed poster.

Engineers open firewalls from these: if a change to the data breaks one, this test says which.
"""

from __future__ import annotations

import re

import pytest

from posterbuild.core.model import PortRange
from posterbuild.page.grid import panel_rects
from posterbuild.source.load import load_poster
from tests.conftest import LYNC

# (workload, initiator, listener, protocol, transport, port or (low, high), either side may open)
FACTS = [
    ("im-presence", "edge-internal", "front-end", "sip", "MTLS", 5061, True),
    ("im-presence", "remote-user", "access-edge", "sip", "TLS", 443, False),
    ("im-presence", "federated-partner", "access-edge", "sip", "MTLS", 5061, True),
    ("im-presence", "xmpp-partner", "xmpp-gateway", "xmpp", "TCP", 5269, True),
    ("av-conferencing", "internal-user", "web-conf", "psom", "TLS", 8057, False),
    ("av-conferencing", "focus", "av-conf", "c3p", "TCP", 444, False),
    ("av-conferencing", "front-end", "edge-internal", "sip", "MTLS", 5062, False),
    ("av-conferencing", "remote-user", "av-edge", "stun", "UDP", 3478, False),
    ("av-conferencing", "remote-user", "av-edge", "stun", "TCP", 443, False),
    # A/V firewall table (2010): RTP/TCP 50,000-59,999 outbound for Lync 2010 and OCS 2007 R2 partners
    ("av-conferencing", "av-edge", "federated-partner", "rtp", "TCP", (50000, 59999), False),
    ("av-conferencing", "av-edge", "federated-partner", "stun", "UDP", 3478, True),
    ("av-conferencing", "av-edge", "public-im", "rtp", "TCP", (50000, 59999), False),
    ("enterprise-voice", "front-end", "mediation", "sip", "MTLS", 5070, False),
    ("enterprise-voice", "mediation", "front-end", "sip", "MTLS", 5061, False),
    ("enterprise-voice", "pstn-gateway", "mediation", "rtp", "UDP", (49152, 57500), False),
    ("im-presence", "reverse-proxy", "director", "https", "TCP", 4443, False),
    ("im-presence", "reverse-proxy", "web-services", "https", "TCP", 4443, False),
    ("im-presence", "xmpp-gateway", "access-edge", "sip", "MTLS", 5061, True),
]
# listed, not drawn: workloads placed as tables
TABLE_FACTS = [
    ("media-ranges", "federated-partner", "av-edge", "rtp", "TCP", (50000, 59999), False),  # OCS 2007 only
    ("infrastructure", "access-edge", "internet-dns", "dns", "UDP", 53, False),
    ("infrastructure", "access-edge", "public-crl", "http", "TCP", 80, False),
    ("infrastructure", "reverse-proxy", "web-services", "http", "TCP", 8080, False),
    ("infrastructure", "reverse-proxy", "director", "http", "TCP", 8080, False),
    ("infrastructure", "web-services", "front-end", "sip", "MTLS", 5086, False),
    ("infrastructure", "fe-hlb", "front-end", "https", "TCP", 4443, False),
    ("infrastructure", "fe-hlb", "front-end", "sip", "TCP", 5072, False),
    ("infrastructure", "admin-tools", "front-end", "dcom", "TCP", 135, False),
]
IDS = [f"{w}:{a}->{b}:{p}/{t}:{n}" for w, a, b, p, t, n, _ in FACTS]
TABLE_IDS = [f"{w}:{a}->{b}:{p}/{t}:{n}" for w, a, b, p, t, n, _ in TABLE_FACTS]


@pytest.fixture(scope="module")
def poster():
    return load_poster(LYNC)


def _find(poster, workload, initiator, listener, protocol, transport, port):
    w = poster.workload(workload)
    wanted = PortRange(*port) if isinstance(port, tuple) else PortRange(port, port)
    return [c for c in w.connections
            if (c.initiator, c.listener, c.protocol, c.transport) == (initiator, listener, protocol, transport)
            and wanted in c.ports]


@pytest.mark.parametrize("fact", FACTS + TABLE_FACTS, ids=IDS + TABLE_IDS)
def test_fact_is_in_the_data_with_a_source(poster, fact):
    *key, both = fact
    found = _find(poster, *key)
    assert len(found) == 1, f"{key} not in the data"
    assert found[0].both_ways == both
    assert found[0].source.startswith(("https://", "http://", "poster 5.15"))
    assert found[0].source_kind in {k.id for k in poster.source_kinds}


def test_table_facts_are_in_table_workloads(poster):
    assert {poster.workload(f[0]).placement for f in TABLE_FACTS} == {"table"}
    assert {poster.workload(f[0]).placement for f in FACTS} == {"diagram"}


def test_vendor_dependent_gateway_ports_are_named_not_invented(poster):
    """The Mediation Server opens SIP to the gateway's own listening port: set per gateway."""
    ev = poster.workload("enterprise-voice")
    out = [c for c in ev.connections if (c.initiator, c.listener, c.protocol) == ("mediation", "pstn-gateway", "sip")]
    assert {c.transport for c in out} == {"TLS", "TCP"}
    assert all(c.ports == () and "vendor" in c.note for c in out)
    media = [c for c in ev.connections if (c.initiator, c.listener, c.protocol) == ("mediation", "pstn-gateway", "rtp")]
    assert media and all(c.ports == () and "vendor" in c.note for c in media)


def test_every_source_has_a_kind_and_poster_sources_are_backed(poster):
    kinds = {k.id for k in poster.source_kinds}
    assert {"2010", "2010-copy", "2013", "poster", "other"} <= kinds
    items = [c for w in poster.workloads for c in w.connections] + list(poster.certificates) + list(poster.dns_records)
    assert all(i.source_kind in kinds for i in items)
    for c in items:
        if c.source_kind == "poster":
            assert c.also_source or c.note, f"{c.origin}: a poster source needs a URL or a note"


def test_director_listener_carries_the_simple_urls(poster):
    listener = [c for c in poster.certificates if c.role == "reverse-proxy" and "Director" in c.usage]
    assert listener and {"webdirext.contoso.com", "meet.contoso.com", "dialin.contoso.com"} <= set(listener[0].san)
    names = {(r.type, r.name) for r in poster.dns_records}
    assert {("A", "webdirext.contoso.com"), ("SRV", "_xmpp-server._tcp.contoso.com"), ("A", "xmpp.contoso.com"),
            ("A", "lyncdiscover.contoso.com"), ("CNAME", "lyncdiscoverinternal.contoso.com")} <= names


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
