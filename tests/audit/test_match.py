"""The matching of vendor table rows with the poster's items, on small folders."""

from __future__ import annotations

import dataclasses

from posterbuild.audit.match import COVERED, MISSING, OMITTED, audit
from posterbuild.source.load import load_poster
from posterbuild.source.vendor_load import load_sources
from tests.audit.fixtures import audited, table, with_sources

# the test poster: chat/1 user -> edge SIP/TLS 443; chat/2 edge <-> node SIP/MTLS 5061 (both ways);
# chat/3 node -> db SQL/TCP 1433, 49152-65535; certificates/1 edge.example.org;
# dns/1 SRV _sip._tls.example.org -> edge.example.org:443; dns/2 A edge.example.org


def _rows(result, table_id="ports"):
    return {r.row.ref: r for t in result.tables if t.table.id == table_id for r in t.rows}


def test_a_listener_row_and_a_source_destination_row_are_covered_by_the_connections_that_hold_them(mini):
    rows = _rows(audited(with_sources(mini, {"ports": table("ports", """
        - {role: Chat server, port: 5061, transport: TCP}
        - {from: Remote user, to: Edge gateway, port: 443, transport: TCP, protocol: SIP/TLS}
        - {from: Any, to: Edge pool, port: 443, transport: TCP}
        - {from: Chat server, to: Database, port: "50000-50010", transport: TCP}
        - {from: Chat server, to: Database, port: [1433, 60000], transport: TCP}
        - {role: Database, port: 1433}
    """)})))
    assert {ref: r.status for ref, r in rows.items()} == dict.fromkeys(rows, COVERED)
    assert rows["ports#1"].by == ("chat/2",)  # the edge opens it too: drawn both ways
    assert rows["ports#2"].by == rows["ports#3"].by == ("chat/1",)
    assert rows["ports#4"].by == rows["ports#5"].by == rows["ports#6"].by == ("chat/3",)


def test_what_of_a_row_the_poster_lacks_makes_it_missing(mini):
    rows = _rows(audited(with_sources(mini, {"ports": table("ports", """
        - {role: Chat server, port: 8080, transport: TCP}
        - {from: Remote user, to: Edge gateway, port: 443, transport: TCP/UDP}
        - {from: Chat server, to: Database, port: [1433, 1500], transport: TCP}
        - {from: Remote user, to: Edge gateway, port: 443, transport: TCP, direction: both}
        - {from: Edge gateway, to: Chat server, port: 5061, transport: TCP, direction: both}
        - {from: Load balancer, to: Edge gateway, port: 443, transport: TCP}
        - {role: Remote user, port: 443, transport: TCP}
    """)})))
    status = {ref: r.status for ref, r in rows.items()}
    assert status == {"ports#1": MISSING, "ports#2": MISSING, "ports#3": MISSING, "ports#4": MISSING,
                      "ports#5": COVERED, "ports#6": MISSING, "ports#7": MISSING}
    assert rows["ports#2"].gaps == ("UDP 443 from Remote user to Edge gateway",)  # TCP is drawn
    assert rows["ports#3"].gaps == ("TCP 1433, 1500 from Chat server to Database",)
    assert rows["ports#4"].gaps == ("TCP 443 from Edge gateway to Remote user",)  # only the way there
    assert rows["ports#7"].gaps == ("TCP 443 at Remote user",)  # the user opens 443, never listens


def test_a_role_either_side_of_a_connection_when_the_table_says_so(mini):
    rows = _rows(audited(with_sources(mini, {"ports": table("ports", """
        - {role: Remote user, port: 443, transport: TCP}
    """, role_side="either")})))
    assert rows["ports#1"].status == COVERED and rows["ports#1"].by == ("chat/1",)


def test_decisions_omit_a_row_or_name_what_covers_it(mini):
    folder = with_sources(mini, {"ports": table("ports", """
        - {role: Chat server, port: 8080, transport: TCP}
        - {id: odd, role: Chat server, port: 9000, transport: TCP}
    """)}, decisions="""
        - {row: "ports#1", omit: "IPsec exception, not a firewall rule"}
        - {row: "ports#odd", covered_by: chat/3, note: drawn as the database's range}
    """)
    result = audited(folder)
    rows = _rows(result)
    assert (rows["ports#1"].status, rows["ports#1"].reason, rows["ports#1"].decided) == \
        (OMITTED, "IPsec exception, not a firewall rule", True)
    assert (rows["ports#2"].status, rows["ports#2"].by) == (COVERED, ("chat/3",))
    assert result.supports["chat/3"] == ("ports#2",)
    assert result.coverage == 1.0 and not result.failed


def test_the_poster_against_its_table_another_transport_port_or_direction_is_a_contradiction(mini):
    result = audited(with_sources(mini, {"ports": table("ports", """
        - {from: Remote user, to: Edge gateway, port: 443, transport: UDP, protocol: SIP}
        - {from: Remote user, to: Edge gateway, port: 5061, transport: TCP, protocol: SIP/TLS}
        - {from: Database, to: Chat server, port: 1433, transport: TCP, protocol: SQL}
    """)}))
    found = {(c.row.ref, c.item, c.what) for c in result.contradictions}
    assert found == {("ports#1", "chat/1", "transport"), ("ports#2", "chat/1", "port"),
                     ("ports#3", "chat/3", "direction")}
    assert result.failed
    assert {u.item.ref for u in result.unsupported} == {"chat/2"}  # a contradiction is not listed twice


def test_a_connection_another_row_supports_contradicts_nothing(mini):
    result = audited(with_sources(mini, {"ports": table("ports", """
        - {from: Remote user, to: Edge gateway, port: 443, transport: TCP}
        - {from: Remote user, to: Edge gateway, port: 444, transport: TCP, protocol: SIP}
    """)}))
    assert result.contradictions == ()
    assert [r.status for r in result.tables[0].rows] == [COVERED, MISSING]


def test_unsupported_poster_rows_are_allowed_only_from_a_poster_or_other_source_with_a_note(mini):
    folder = with_sources(mini, {"ports": table("ports", """
        - {from: Remote user, to: Edge gateway, port: 443, transport: TCP}
    """)})
    poster = load_poster(folder)
    sources = load_sources(folder, poster)
    assert [(u.item.ref, u.allowed) for u in audit(poster, sources).unsupported] == \
        [("chat/2", False), ("chat/3", False)]  # chat/2 has a note but no kind; chat/3 neither
    w = poster.workloads[0]
    kinded = [dataclasses.replace(c, source_kind="poster", note=c.note or "drawn as on 1.0") for c in w.connections]
    poster = poster.replace(workloads=(dataclasses.replace(w, connections=tuple(kinded)),))
    assert [(u.item.ref, u.allowed) for u in audit(poster, sources).unsupported] == \
        [("chat/2", True), ("chat/3", True)]


def test_certificates_by_role_subject_and_san(mini):
    result = audited(with_sources(mini, {"certs": table("certificates", """
        - {component: Edge pool, subject: EDGE.example.org., san: [edge.example.org]}
        - {component: Edge pool, subject: edge.example.org, san: [sip.example.org]}
        - {component: Chat server, subject: edge.example.org}
    """)}))
    assert [r.status for r in result.tables[0].rows] == [COVERED, MISSING, MISSING]
    assert result.unsupported == ()  # no ports or DNS table: connections and records are not asked


def test_dns_by_type_name_target_and_port(mini):
    result = audited(with_sources(mini, {"dns": table("dns", """
        - {type: SRV, name: _sip._tls.example.org, target: edge.example.org, port: 443, view: external}
        - {type: A, name: "edge.example.org, other.example.org", target: 192.0.2.10}
        - {type: SRV, name: _sip._tls.example.org, target: edge.example.org, port: 5061, view: external}
    """)}))
    rows = _rows(result, "dns")
    assert [r.status for r in rows.values()] == [COVERED, MISSING, MISSING]
    assert rows["dns#2"].gaps == ("A other.example.org",)
    assert result.contradictions == ()  # dns/1 is the first row's: not a contradiction of the third
    alone = audited(with_sources(mini, {"dns": table("dns", """
        - {type: SRV, name: _sip._tls.example.org, target: edge.example.org, port: 5061, view: external}
    """)}))
    assert [(c.item, c.what) for c in alone.contradictions] == [("dns/1", "port")]


def test_a_second_connection_that_says_otherwise_contradicts_a_covered_row(mini):
    """chat/2 (edge <-> node, 5061 over MTLS) covers the first row; the poster's edge -> node on
    UDP 5061 (no row supports it) still contradicts it."""
    (mini / "workloads" / "chat.yaml").write_text((mini / "workloads" / "chat.yaml").read_text(encoding="utf-8")
                                                  + "  - {from: edge, to: node, protocol: sip, transport: UDP, "
                                                  "port: 5061, source: \"https://example.org/doc\"}\n",
                                                  encoding="utf-8")
    result = audited(with_sources(mini, {"ports": table("ports", """
        - {from: Edge gateway, to: Chat server, port: 5061, transport: TCP, protocol: SIP}
    """)}))
    assert [r.status for r in result.tables[0].rows] == [COVERED]
    assert [(c.item, c.what) for c in result.contradictions] == [("chat/4", "transport")]


def test_another_port_of_the_protocol_with_its_own_source_and_note_contradicts_nothing(mini):
    folder = with_sources(mini, {"ports": table("ports", """
        - {from: Remote user, to: Edge gateway, port: 5061, transport: TCP, protocol: SIP/TLS}
    """)})
    poster = load_poster(folder)
    sources = load_sources(folder, poster)
    assert [c.what for c in audit(poster, sources).contradictions] == ["port"]
    w = poster.workloads[0]
    noted = (dataclasses.replace(w.connections[0], source_kind="other", note="the sign-in port"), *w.connections[1:])
    result = audit(poster.replace(workloads=(dataclasses.replace(w, connections=noted),)), sources)
    assert result.contradictions == () and result.unsupported[0].allowed
