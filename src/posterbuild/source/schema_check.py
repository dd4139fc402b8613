"""Check a parsed file against its published JSON Schema; turn errors into plain sentences."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from importlib import resources
from typing import TYPE_CHECKING, Any, cast

from posterbuild.core.errors import Problem
from posterbuild.source import validated
from posterbuild.source.suggest import did_you_mean
from posterbuild.source.yaml_hints import flow_comma_hint, number_for_text_hint
from posterbuild.source.yaml_reader import Document, field_name

if TYPE_CHECKING:  # jsonschema is imported only when a file is validated (not known valid)
    import jsonschema
    import referencing
    import referencing._core

__all__ = ["check", "SCHEMA_NAMES"]

SCHEMA_NAMES = ("common", "poster", "roles", "protocols", "workload", "certificates", "dns",
                "resources", "history", "layout", "source-table", "source-names", "audit")

_PATTERN_MEANING = {
    "^[a-z][a-z0-9]*(-[a-z0-9]+)*$": "an id: lower-case letters and digits, words joined by '-'",
    "^\\d{4}-\\d{2}-\\d{2}$": "a date written YYYY-MM-DD",
    "^\\d+\\.\\d+$": "a version MAJOR.MINOR in quotes, such as \"5.15\"",
    "^(https?://|mailto:)[^\\s]+$": "an http, https or mailto link",
    "^(https?://[^\\s]+|poster \\d+\\.\\d+)$": "a documentation URL or 'poster X.Y'",
    "^\\s*\\d+\\s*-\\s*\\d+\\s*$": "a port range LOW-HIGH",
    "\\S": "text that is not blank",
    "^[^#\\s]+#[^#\\s]+$": "a source row <table-id>#<n> (or <table-id>#<row id>)",
    "^[^/\\s]+/[1-9][0-9]*$": "a poster item <workload id>/<n>, certificates/<n> or dns/<n>",
}
_TYPE_NAMES = {"string": "text", "integer": "a whole number", "object": "a mapping of keys",
               "array": "a list", "boolean": "true or false", "number": "a number"}


@functools.cache
def _registry() -> referencing.Registry:
    import referencing  # noqa: PLC0415 (only when a file is not in the validated cache)
    folder = resources.files("posterbuild.source") / "schemas"
    pairs = []
    for name in SCHEMA_NAMES:
        schema = json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8"))
        pairs.append((schema["$id"], referencing.Resource.from_contents(schema)))
    return referencing.Registry().with_resources(pairs)


@functools.cache
def _validator(kind: str) -> jsonschema.protocols.Validator:
    import jsonschema  # noqa: PLC0415 (only when a file is not in the validated cache)
    registry = _registry()
    uri = f"https://posterbuild.invalid/schemas/{kind}.schema.json"
    schema = _inlined(registry.contents(uri), registry.resolver(uri))
    return jsonschema.Draft202012Validator(schema, registry=registry)


def _inlined(schema: Any, resolver: referencing._core.Resolver[Any], seen: tuple[str, ...] = ()) -> Any:
    """``schema`` with each ``$ref`` replaced by what it names (its other keywords kept): the
    same checks and errors, without a reference lookup for every value checked (most of the time
    of validating many files). A reference that leads back into itself stays a reference (none
    of the published schemas has one)."""
    if isinstance(schema, list):
        return [_inlined(v, resolver, seen) for v in schema]
    if not isinstance(schema, dict):
        return schema
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref not in seen:
        found = resolver.lookup(ref)
        target = _inlined(found.contents, found.resolver, (*seen, ref))
        rest = {k: _inlined(v, resolver, seen) for k, v in schema.items() if k != "$ref"}
        if isinstance(target, dict) and not set(target) & set(rest):
            return {**target, **rest}
        return {"allOf": [target], **rest}
    return {k: _inlined(v, resolver, seen) if k not in ("$defs", "const", "enum") else v
            for k, v in schema.items()}


def check(doc: Document, kind: str) -> list[Problem]:
    """Every schema problem of ``doc`` (a file of ``kind``, e.g. ``roles``), each located.
    Content that passed before (see :mod:`posterbuild.source.validated`) is not checked again."""
    if validated.known_valid(doc.data, kind):
        return []
    problems = []
    for error in _validator(kind).iter_errors(doc.data):
        problems.extend(_explain(doc, error))
    if not problems:
        validated.remember_valid(doc.data, kind)
    return problems


def _describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_message(arg: Any, value: Any) -> str:
    want = arg if isinstance(arg, str) else arg[0]
    return f"expected {_TYPE_NAMES.get(want, want)}, got {_describe(value)}"


# one sentence per JSON Schema keyword: (the keyword's value in the schema, the value found) -> text
_MESSAGES: dict[str, Callable[[Any, Any], str]] = {
    "type": _type_message,
    "enum": lambda arg, value: f"{_describe(value)} is not one of: {', '.join(map(str, arg))}" + (
        f";{did_you_mean(value, map(str, arg))}" if isinstance(value, str) and
        did_you_mean(value, map(str, arg)) else ""),
    "pattern": lambda arg, value: f"{_describe(value)} is not "
                                  f"{_PATTERN_MEANING.get(arg, 'in the form ' + arg)}",
    "minimum": lambda arg, value: f"{value} is below the minimum {arg}",
    "maximum": lambda arg, value: f"{value} is above the maximum {arg}",
    "minItems": lambda arg, value: "must not be empty" if arg == 1 else f"needs at least {arg} items",
    "maxItems": lambda arg, value: f"has more than {arg} items",
    "minLength": lambda arg, value: "must not be empty",
    "maxLength": lambda arg, value: f"is longer than {arg} characters",
}


def _explain(doc: Document, error: jsonschema.ValidationError) -> list[Problem]:
    path = tuple(error.absolute_path)
    kind, arg, value = error.validator, cast(Any, error.validator_value), cast(Any, error.instance)
    if kind == "additionalProperties":
        allowed = sorted(cast(dict, error.schema).get("properties", {}))
        extra = [k for k in value if k not in allowed]
        return [doc.problem((*path, k), f"unknown field '{k}' (allowed: {', '.join(allowed)})"
                            + (f";{hint}" if (hint := did_you_mean(k, allowed)) else "")
                            + flow_comma_hint(value[k]))
                for k in extra]
    if kind == "required":
        missing = [k for k in arg if k not in value]
        return [Problem(doc.name, doc.line(path), _join(path, k), f"missing required field '{k}'")
                for k in missing]
    if kind == "oneOf" and path and "port" in [p for p in path if isinstance(p, str)]:
        message = f"{_describe(value)} is not a port (1-65535), a range LOW-HIGH, or a list of them"
        if isinstance(value, list):
            return _deepest(doc, error) or [doc.problem(path, message)]
        return [doc.problem(path, message)]
    schema = cast(dict, error.schema)
    if kind == "oneOf" and "description" in schema:  # e.g. a length: says what is expected
        return [doc.problem(path, f"{_describe(value)} is not valid here: expected "
                                  f"{schema['description'][:1].lower()}{schema['description'][1:]}")]
    typed = number_for_text_hint(field_name(path), value, _source_line(doc, path)) if kind == "type" else None
    return [doc.problem(path, typed or (_MESSAGES[kind](arg, value) if kind in _MESSAGES else error.message))]


def _source_line(doc: Document, path: tuple) -> str | None:
    """The text of the line that holds ``path``, when the file is on disk."""
    if not doc.lines:
        return None
    try:
        lines = doc.path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    number = doc.line(path)
    return lines[number - 1] if 0 < number <= len(lines) else None


def _deepest(doc: Document, error: jsonschema.ValidationError) -> list[Problem]:
    """For a oneOf over a list, report the items that fit no branch."""
    out = []
    for i, item in enumerate(cast(list, error.instance)):
        ok = isinstance(item, int) and not isinstance(item, bool) and 1 <= item <= 65535
        ok = ok or (isinstance(item, str) and item.replace(" ", "").count("-") == 1)
        if not ok:
            out.append(doc.problem((*error.absolute_path, i),
                                   f"{_describe(item)} is not a port (1-65535) or a range LOW-HIGH"))
    return out


def _join(path: tuple, key: str) -> str:
    return field_name((*path, key))
