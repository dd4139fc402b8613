"""YAML syntax errors in plain words: where (line and column), what, and the usual cause."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only a type: a file being parsed has loaded PyYAML already
    import yaml

__all__ = ["explain_syntax_error", "flow_comma_hint", "number_for_text_hint"]

_INDENT = ("indentation: this line does not start in the same column as the keys or '- ' items "
           "it belongs with (the block began on line {context}); indent with spaces so that the "
           "items of one list, and the keys of one mapping, line up")

# (what PyYAML says, the usual cause); {context} is the line where the broken construct began
_CAUSES = (
    ("mapping values are not allowed", "a value that holds ': ' (put it in quotes: "
     "note: \"Step 1: sign in\"), or a line indented deeper than the keys above it"),
    ("expected <block end>", _INDENT),
    ("cannot start any token", "YAML indents with spaces; a tab (or another stray character) "
     "starts this line"),
    ("could not find expected ':'", "a key without ':' after it, or a text that runs onto the "
     "next line unquoted"),
    ("found unexpected end of stream", "a quote or bracket opened on line {context} is never "
     "closed"),
    ("expected ',' or '}'", "a {...} opened on line {context} is not closed, or holds an unquoted "
     "':' (quote text that contains ': ' or ',')"),
    ("expected ',' or ']'", "a [...] opened on line {context} is not closed, or holds an unquoted "
     "':'"),
    ("found undefined alias", "'*' starts an alias in YAML; quote a value that begins with '*'"),
    ("found character '@' that cannot start", "'@' and '`' cannot start a plain value; quote it"),
    ("did not find expected key", _INDENT),
    ("did not find expected '-' indicator", _INDENT),
)


def explain_syntax_error(exc: yaml.MarkedYAMLError) -> tuple[int, str]:
    """The line of a YAML syntax error and one sentence: column, what, usual cause.

    >>> import yaml
    >>> try:
    ...     yaml.safe_load("roles:\\n  - id: a\\n   zone: x\\n")
    ... except yaml.MarkedYAMLError as exc:
    ...     line, text = explain_syntax_error(exc)
    >>> line, text.split(";")[0]
    (3, "YAML syntax error at column 4: expected <block end>, but found '<block mapping start>'")
    """
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    column = f" at column {mark.column + 1}" if mark else ""
    what = exc.problem or exc.context or "invalid YAML"
    context = exc.context_mark.line + 1 if exc.context_mark else line
    cause = next((c for key, c in _CAUSES if key in what), "check the indentation and the quoting "
                 "on this line and the one before it")
    return line, f"YAML syntax error{column}: {what}; usual cause: {cause.replace('{context}', str(context))}"


def flow_comma_hint(value: object) -> str:
    """For an unknown field whose value is empty: often a comma inside ``{...}`` that split text.

    >>> flow_comma_hint(None)[:40]
    ' (a comma inside {...} starts a new fiel'
    >>> flow_comma_hint("x")
    ''
    """
    if value is None:
        return " (a comma inside {...} starts a new field: put text that holds commas in quotes, " \
               "description: \"SIP, XMPP\")"
    return ""


_VERSION_TEXT = re.compile(r"\bversion\s*:\s*([0-9][0-9.]*)")


def number_for_text_hint(field: str, value: object, source_line: str | None) -> str | None:
    """A version written as a bare number: YAML reads ``1.10`` as ``1.1``.

    >>> number_for_text_hint("version", 1.1, "version: 1.10")
    'write version: "1.10" — unquoted, YAML reads 1.10 as the number 1.1'
    >>> number_for_text_hint("title", 3, None) is None
    True
    """
    if field.rsplit(".", 1)[-1].split("[")[0] != "version" or isinstance(value, bool) \
            or not isinstance(value, (int, float)):
        return None
    match = _VERSION_TEXT.search(source_line or "")
    written = match.group(1) if match else str(value)
    read = repr(value)
    if written == read:
        return f"write version: \"{written}\" — unquoted, YAML reads {written} as a number; a " \
               "version is text MAJOR.MINOR"
    return f"write version: \"{written}\" — unquoted, YAML reads {written} as the number {read}"
