"""Issue 21, classes 3 and 4: YAML tags and text no output can carry are refused at load, once,
naming file, line and field, by `check` and `build` alike."""

from __future__ import annotations

import pytest

from tests.helpers import cli, refused

pytestmark = pytest.mark.exe


@pytest.mark.parametrize("value, words", [
    ("!!bool maybe", "connections[0].port: the YAML tag '!!bool' is not allowed here"),
    ("!!int 443", "connections[0].port: the YAML tag '!!int' is not allowed here"),
    ("!!str 443", "connections[0].port: the YAML tag '!!str' is not allowed here"),
    ("!!float 1e3", "connections[0].port: the YAML tag '!!float' is not allowed here"),
    ("!!null ''", "connections[0].port: the YAML tag '!!null' is not allowed here"),
    ("! 443", "connections[0].port: the YAML tag '!!int' is not allowed here"),
    ("&a !!bool yes", "connections[0].port: the YAML tag '!!bool' is not allowed here"),
], ids=["bool-maybe", "int", "str", "float", "null", "non-specific", "anchored"])
@pytest.mark.parametrize("command", ["check", "build"])
def test_explicit_yaml_tags_are_refused_with_file_line_and_field(mini, value, words, command):
    chat = mini / "workloads" / "chat.yaml"
    chat.write_text(chat.read_text().replace("port: 443", f"port: {value}", 1))
    proc = cli(command, str(mini), *(["-o", str(mini.parent / "out.pdf")] if command == "build" else []))
    refused(proc, "workloads/chat.yaml:8: " + words)
    assert proc.stderr.count("chat.yaml:8:") == 1, proc.stderr


@pytest.mark.parametrize("escaped, shown", [
    ("\\0", "U+0000"), ("\\e[31m", "U+001B"), ("\\a", "U+0007"), ("\\x7f", "U+007F"),
    ("\\x85", "U+0085"), ("\\u202e", "U+202E"), ("\\u2066", "U+2066"), ("\\u2028", "U+2028"),
    ("\\r", "U+000D"), ("\\uffff", "U+FFFF"),
], ids=["NUL", "ESC", "BEL", "DEL", "NEL", "RLO", "LRI", "LSEP", "CR", "noncharacter"])
@pytest.mark.parametrize("command", ["check", "build"])
def test_control_characters_in_text_are_refused_once(mini, escaped, shown, command):
    roles = mini / "roles.yaml"
    roles.write_text(roles.read_text().replace("name: Chat server", f'name: "Chat{escaped}server"'))
    proc = cli(command, str(mini), *(["-o", str(mini.parent / "out.pdf")] if command == "build" else []))
    refused(proc, "roles.yaml:6: roles[2].name: ", shown)
    assert proc.stderr.count("roles.yaml:6:") == 1, proc.stderr
    assert "Graphviz" not in proc.stderr and "JSON" not in proc.stderr
    assert not (mini.parent / "out.pdf").exists()


def test_a_control_character_in_a_key_is_refused(mini):
    roles = mini / "roles.yaml"
    roles.write_text(roles.read_text() + '"\\e[2Jx": 1\n')
    refused(cli("check", str(mini)), "roles.yaml:", "U+001B")


@pytest.mark.parametrize("text", ["\u0645\u0631\u062d\u0628\u0627 Edge", "Edge\u200f", "e\u0301",
                                  "\U0001F600 pool", "tab\there"])
def test_text_any_output_can_carry_is_accepted(mini, text):
    roles = mini / "roles.yaml"
    quoted = text.replace("\t", "\\t")
    roles.write_text(roles.read_text().replace("name: Chat server", f'name: "{quoted}"'))
    proc = cli("check", str(mini))
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("command", ["check", "build"])
def test_text_refused_in_poster_yaml_does_not_hide_the_workload_files(mini, command):
    """poster.yaml names the workload files; a control character in its title stopped the
    load before they were read, so their own problems came one run later."""
    poster = mini / "poster.yaml"
    poster.write_text(poster.read_text().replace("title: Mini Test Poster", 'title: "Mini\\aPoster"'))
    chat = mini / "workloads" / "chat.yaml"
    chat.write_text(chat.read_text().replace("note: Inner hop", 'note: "Inner\\e[2Jhop"'))
    proc = cli(command, str(mini), *(["-o", str(mini.parent / "out.pdf")] if command == "build" else []))
    refused(proc, "2 problems in the input", "poster.yaml:1: title: U+0007",
            "workloads/chat.yaml:16: connections[1].note: U+001B")
