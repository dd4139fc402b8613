"""Every poster in data/ that keeps its vendor's tables is complete by them: no source row left
neither covered nor decided, no poster row contradicting its source, and no poster row that no
table supports unless it says it comes from elsewhere (a `poster` or `other` source kind, with a
note). A later edit can neither silently drop a port nor add an unsourced one."""

from __future__ import annotations

import pytest

from posterbuild.audit.match import MISSING
from tests.audit.fixtures import audited
from tests.conftest import ROOT

# posters whose data is still being completed against their tables (issue 20); the coordinator
# removes an entry when that poster's audit is clean, and the test then keeps it clean
_INCOMPLETE: dict[str, str] = {}
# posters whose rows are not all supported by a table yet (issue 20): same rule as above
_UNSOURCED: dict[str, str] = {}
_POSTERS = sorted(p.parent.parent for p in (ROOT / "data").glob("*/sources/names.yaml"))


def test_the_posters_keep_their_tables():
    assert {p.name for p in _POSTERS} >= {"sfb2015", "lync2010"}


# (an xfail catches only the assertion: a poster whose tables do not load fails)
@pytest.mark.parametrize("folder", [
    pytest.param(p, id=p.name, marks=[pytest.mark.xfail(strict=True, raises=AssertionError, reason=_INCOMPLETE[p.name])]
                 if p.name in _INCOMPLETE else []) for p in _POSTERS])
def test_every_source_row_is_covered_or_decided_and_nothing_contradicts(folder):
    result = audited(folder)
    missing = [f"{r.row.ref} ({'; '.join(r.gaps)})" for t in result.tables for r in t.rows if r.status == MISSING]
    contradictions = [f"{c.row.ref} vs {c.item}: {c.what}" for c in result.contradictions]
    assert missing == [] and contradictions == [], (missing[:20], contradictions[:20])


def _xfail_if(pending: dict[str, str], name: str) -> list[pytest.MarkDecorator]:
    return ([pytest.mark.xfail(strict=True, raises=AssertionError, reason=pending[name])]
            if name in pending else [])


@pytest.mark.parametrize("folder", [pytest.param(p, id=p.name, marks=_xfail_if(_UNSOURCED, p.name))
                                    for p in _POSTERS])
def test_every_poster_row_is_supported_by_a_table_or_says_where_it_comes_from(folder):
    result = audited(folder)
    unsourced = [u.item.ref for u in result.unsupported if not u.allowed]
    assert unsourced == [], (
        f"{folder.name}: {len(unsourced)} poster row(s) that no table in sources/ supports and that do "
        f"not say they come from elsewhere: {', '.join(unsourced[:20])}. Transcribe the table that "
        "supports each, record a covered_by decision in audit.yaml, or give the row a `poster`/`other` "
        "source kind and a note saying where the fact comes from")
