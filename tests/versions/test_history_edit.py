"""history.yaml edited as text for a release: an entry written ahead keeps what the release does not write."""

from __future__ import annotations

import yaml

from posterbuild.versions.history_edit import with_history_entry

AHEAD = '''# history
versions:
  - version: "1.0"
    date: "2026-11-30"
    note: "First"
  - version: "1.1"
    note: "to be written by release"
    changes:            # by kind
      added:
        - "Load balancer ports"
      corrected:
        - "5062 is MTLS"
    summary: "Reader corrections"
    credits: ["Rob L."]
'''


def test_the_release_keeps_changes_summary_and_credits_written_ahead(tmp_path):
    history = tmp_path / "history.yaml"
    history.write_text(AHEAD, encoding="utf-8")
    text = with_history_entry(history, "1.1", "2026-12-05", "Audit against the vendor tables", [], True)
    last = yaml.safe_load(text)["versions"][-1]
    assert last == {"version": "1.1", "date": "2026-12-05", "note": "Audit against the vendor tables",
                    "changes": {"added": ["Load balancer ports"], "corrected": ["5062 is MTLS"]},
                    "summary": "Reader corrections", "credits": ["Rob L."]}
    assert text.startswith("# history\n") and "# by kind" in text


def test_credits_named_at_release_replace_those_written_ahead(tmp_path):
    history = tmp_path / "history.yaml"
    history.write_text(AHEAD, encoding="utf-8")
    text = with_history_entry(history, "1.1", "2026-12-05", "n", ["A. Reader"], True)
    last = yaml.safe_load(text)["versions"][-1]
    assert last["credits"] == ["A. Reader"] and last["changes"]["added"] == ["Load balancer ports"]
    assert len(yaml.safe_load(text)["versions"]) == 2
