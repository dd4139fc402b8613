"""Vendor tables, names and decisions are validated like every file: file, line, field; did-you-mean."""

from __future__ import annotations

import pytest

from posterbuild.core.errors import DataError
from posterbuild.source.load import load_poster
from posterbuild.source.vendor_load import load_sources
from tests.audit.fixtures import NAMES, table, with_sources
from tests.helpers import cli, refused


def _problems(folder) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_sources(folder, load_poster(folder))
    return [str(p) for p in caught.value.problems]


def test_schema_errors_name_the_file_the_line_and_the_field(mini):
    folder = with_sources(mini, {"ports": table("ports", """
        - {role: Chat server, port: 5061, transport: TCP}
        - {role: Chat server, port: 5061, transport: TPC, colour: red}
        - {role: Chat server, port: "70-60"}
    """)})
    found = _problems(folder)
    assert any(p.startswith(f"{folder}/sources/ports.yaml:8: rows[1].transport") and "did you mean 'TCP'" in p
               for p in found), found
    assert any(":8: rows[1].colour: unknown field 'colour'" in p for p in found), found
    assert len(found) == 2  # the bad range is found once the files are valid
    (folder / "sources" / "ports.yaml").write_text(table("ports", """
        - {role: Chat server, port: "70-60"}
        - {role: Chat server, from: Remote user, port: 1}
    """), encoding="utf-8")
    found = _problems(folder)
    assert any(":7: rows[0].port: range '70-60' must go from low to high" in p for p in found), found
    assert any(":8: rows[1]: a ports row names either 'role'" in p for p in found), found


def test_unknown_names_and_roles_get_did_you_mean(mini):
    names = NAMES + "  Chat pool: [nodes]\n"
    folder = with_sources(mini, {"ports": table("ports", """
        - {role: Chat servers, port: 5061, transport: TCP}
        - {from: [Remote user, Edge gatway], to: Edge gateway, port: 443}
    """)}, names=names)
    found = _problems(folder)
    assert any("names.yaml:9: names.Chat pool[0]: unknown role 'nodes': did you mean 'node'?" in p
               for p in found), found
    assert any("ports.yaml:7: rows[0].role: unknown name 'Chat servers': did you mean 'Chat server'?" in p
               for p in found), found
    assert any("ports.yaml:8: rows[1].from[1]: unknown name 'Edge gatway': did you mean 'Edge gateway'?" in p
               for p in found), found


def test_names_files_are_merged_and_a_name_defined_twice_is_refused(mini):
    folder = with_sources(mini, {"ports": table("ports", """
        - {role: Chat pool, port: 5061, transport: TCP}
    """)})
    (folder / "sources" / "names-extra.yaml").write_text("names:\n  Chat pool: [node]\n", encoding="utf-8")
    poster = load_poster(folder)
    assert load_sources(folder, poster).names["Chat pool"] == ("node",)
    (folder / "sources" / "names-more.yaml").write_text("names:\n  Chat pool: [node]\n", encoding="utf-8")
    found = _problems(folder)
    assert found == [f"{folder}/sources/names-more.yaml:2: names.Chat pool: the name 'Chat pool' is defined "
                     f"twice (also at {folder}/sources/names-extra.yaml:2)"]


def test_a_decision_naming_an_unknown_row_or_poster_item_is_refused_with_did_you_mean(mini):
    folder = with_sources(mini, {"ports": table("ports", """
        - {id: sip, role: Chat server, port: 5061, transport: TCP}
    """)}, decisions="""
        - {row: "prots#1", omit: not a firewall rule}
        - {row: "ports#sip", covered_by: [chat/2, chta/3]}
        - {row: "ports#1", omit: twice}
        - {row: "ports#2", omit: none, covered_by: chat/1}
    """)
    found = _problems(folder)
    assert any("audit.yaml:2: decisions[0].row: unknown source row 'prots#1': did you mean 'ports#1'?" in p
               for p in found), found
    assert any("audit.yaml:3: decisions[1].covered_by[1]: unknown poster item 'chta/3': did you mean "
               "'chat/3'?" in p for p in found), found
    assert any("audit.yaml:4: decisions[2].row: row 'ports#1' is decided twice (first at line 3)" in p
               for p in found), found
    assert any("audit.yaml:5: decisions[3].row: unknown source row 'ports#2'" in p for p in found), found


def test_the_command_line_refuses_bad_sources_with_exit_2_and_file_line(mini):
    with_sources(mini, {"ports": table("ports", "- {role: Chat server, port: 99999, transport: TCP}")})
    for command in ("audit", "check", "ports"):
        refused(cli(command, str(mini)), "sources/ports.yaml:7", "rows[0].port")
