"""Parsed files are cached by content, and every caller gets its own copy."""

from __future__ import annotations

import os

from posterbuild.source.load import FolderSource, load_source


def test_an_edit_that_keeps_size_and_time_is_seen(mini):
    chat = mini / "workloads" / "chat.yaml"
    load_source(FolderSource(mini))
    st = chat.stat()
    text = chat.read_text(encoding="utf-8")
    chat.write_text(text.replace("note: Inner hop", "note: Inner hip"), encoding="utf-8")
    os.utime(chat, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert chat.stat().st_size == st.st_size and chat.stat().st_mtime_ns == st.st_mtime_ns
    poster, _ = load_source(FolderSource(mini))
    assert [c.note for c in poster.workload("chat").connections if c.note] == ["Inner hip"]


def test_a_caller_changing_the_parsed_data_changes_nothing_for_the_next(mini):
    _, files = load_source(FolderSource(mini))
    files["poster.yaml"]["title"] = "Changed by a caller"
    files["workloads/chat.yaml"]["connections"].clear()
    poster, again = load_source(FolderSource(mini))
    assert poster.meta.title == "Mini Test Poster" and again["poster.yaml"]["title"] == "Mini Test Poster"
    assert len(again["workloads/chat.yaml"]["connections"]) == 3
