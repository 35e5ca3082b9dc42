"""Differential test: stele's Protobuf findings against `buf breaking`'s, finding by finding.

For each case of _protobuf_vs_buf_cases (one per rule family: file options, syntax and
editions, features and their inheritance, field options, proto2 defaults, extensions, nested
and moved declarations, services) and each category, both tools judge OLD -> NEW. A finding is
(buf rule id, file, line, column): stele's rule maps to buf's through the catalogue's `buf`
equivalents, and its place is where stele reports it (the new file; the old one for what is
gone). buf runs once per case with every category's rules; its findings are split by category
with buf's own category table. Every difference is listed in DIFFERENCES, exactly, with the
reason, and written up in docs/compat-protobuf.md ("Deliberate differences from buf").
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from _protobuf_vs_buf_cases import CASES, Files
from test_compat_protobuf import BASE, EDITS

from stele.compat.model import Direction, Finding
from stele.compat.protobuf import CATEGORIES, ProtobufChecker
from stele.compat.protobuf.rules import RULES_BY_ID
from stele.diagnostics import Severity

BUF_CATEGORY = {"wire": "WIRE", "wire_json": "WIRE_JSON", "package": "PACKAGE", "file": "FILE"}
# (buf rule id, file or None when buf names none, line, column)
Key = tuple[str, str | None, int, int]


def _buf() -> str:
    found = shutil.which("buf") or str(Path(sys.executable).parent / "buf")
    if not Path(found).exists():
        pytest.skip("the buf binary is not installed")
    return found


@cache
def _buf_categories() -> dict[str, frozenset[str]]:
    """buf rule id -> the categories that run it (buf's own table)."""
    run = subprocess.run(
        [_buf(), "config", "ls-breaking-rules", "--version", "v2", "--format", "json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    rows = [json.loads(line) for line in run.stdout.splitlines() if line]
    return {row["id"]: frozenset(row["categories"]) for row in rows}


def _write(folder: Path, files: Files) -> None:
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    use = "\n".join(f"    - {c}" for c in BUF_CATEGORY.values())
    (folder / "buf.yaml").write_text(f"version: v2\nbreaking:\n  use:\n{use}\n")


def buf_findings(tmp: Path, old: Files, new: Files) -> dict[str, set[Key]]:
    """buf's findings per stele category."""
    _write(tmp / "old", old)
    _write(tmp / "new", new)
    run = subprocess.run(
        [_buf(), "breaking", "new", "--against", "old", "--error-format", "json"],
        cwd=tmp, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode in (0, 100), run.stdout + run.stderr
    table = _buf_categories()
    found: dict[str, set[Key]] = {c: set() for c in CATEGORIES}
    for line in run.stdout.splitlines():
        row = json.loads(line)
        assert row["type"] in table, (row, new)
        path = row.get("path")
        where = path.split("/", 1)[1] if path else None
        key = (row["type"], where, row["start_line"], row["start_column"])
        for category, buf_category in BUF_CATEGORY.items():
            if buf_category in table[row["type"]]:
                found[category].add(key)
    return found


def stele_findings(old: Files, new: Files, category: str) -> list[Finding]:
    checker = ProtobufChecker(category)
    old_schema = checker.load({n: t.encode() for n, t in old.items()})
    new_schema = checker.load({n: t.encode() for n, t in new.items()})
    return [
        f
        for direction in (Direction.BACKWARD, Direction.FORWARD)
        for f in checker.check(old_schema, new_schema, direction)
        if f.severity is Severity.ERROR
    ]


def _where(finding: Finding) -> tuple[str, int, int]:
    at = finding.new or finding.old
    assert at is not None
    return at.path, at.line, at.column


def _equivalents(rule: str) -> set[str]:
    return {b.strip() for b in RULES_BY_ID[rule].equivalents.get("buf", "").split(",") if b}


def compare(buf: set[Key], stele: list[Finding]) -> tuple[set[Key], set[tuple[str, str, int, int]]]:
    """buf's findings no stele finding matches, and stele's (rule, file, line) no buf finding
    matches. A buf finding without a file (a removed file or package) matches on the line."""
    stele_keys = {(f.rule, *_where(f), f.new is None) for f in stele}

    def same(buf_key: Key, rule: str, path: str, line: int, column: int, gone: bool) -> bool:
        rule_id, buf_path, buf_line, buf_column = buf_key
        if rule_id not in _equivalents(rule):
            return False
        if buf_path is None:  # gone with its file: buf names no file (and says 1:1)
            return gone
        return (buf_path, buf_line, buf_column) == (path, line, column)

    unmatched_buf = {b for b in buf if not any(same(b, *s) for s in stele_keys)}
    unmatched_stele = {s[:4] for s in stele_keys if not any(same(b, *s) for b in buf)}
    return unmatched_buf, unmatched_stele


# The cases above, and each edit of test_compat_protobuf's base schema.
ALL_CASES: dict[str, tuple[Files, Files]] = {
    **CASES,
    **{f"edit-{n}": ({"order.proto": BASE}, {"order.proto": e(BASE)}) for n, e in EDITS.items()},
}

# Why the tools differ; each is a numbered item of docs/compat-protobuf.md's "Deliberate
# differences from buf".
RPC_REMOVAL = "1: a removed rpc or service (also by a package change) breaks old clients"
GUIDE_PAIRS = "2, 3: a pair the language guide calls wire-compatible is a warning or info"
ONEOF_MOVES = "4: a oneof move the language guide allows is info or a warning"
NAMES_NOT_ON_WIRE = "5: names are not on the binary wire"
RENAMED_ALIKE = "6: a renamed message type that encodes alike is info"
MAP_ENTRY = "8: buf reports the synthesized map entry of a removed map field as a message"
ENUM_IN_PACKAGE = "9: buf's PACKAGE_ENUM_NO_DELETE reports no enum removed from a package"
NUMBER_MOVED = "10: a member kept its name under another number: stele reports the move there"
REQUIRED_TWICE = "11: buf reports a field no longer required twice, once at the message"
LEGACY_REQUIRED = "12: buf counts required fields by label, not by LEGACY_REQUIRED"
EXTENSION_NUMBER = "14: an extension renumbered under its name: buf pairs extensions by number"
DEFAULT_COLUMN = "13: a default is located at its value (protoc), buf at the `default` keyword"

# (case, category) -> (buf's findings stele has not, stele's findings buf has not, why)
_DEFAULTS_AT_VALUE: tuple[list[Key], list[tuple[str, str, int, int]], str] = (
    [
        ("FIELD_SAME_DEFAULT", "a.proto", 9, 27),
        ("FIELD_SAME_DEFAULT", "a.proto", 10, 27),
        ("FIELD_SAME_DEFAULT", "a.proto", 12, 30),
    ],
    [
        ("proto-field-default-changed", "a.proto", 9, 37),
        ("proto-field-default-changed", "a.proto", 10, 37),
        ("proto-field-default-changed", "a.proto", 12, 40),
    ],
    DEFAULT_COLUMN,
)
DIFFERENCES: dict[tuple[str, str], tuple[list[Key], list[tuple[str, str, int, int]], str]] = {
    ("proto2-to-editions-same-behaviour", "wire"): (
        [("MESSAGE_SAME_REQUIRED_FIELDS", "a.proto", 11, 1)],
        [],
        LEGACY_REQUIRED,
    ),
    ("proto2-to-editions-same-behaviour", "wire_json"): (
        [("MESSAGE_SAME_REQUIRED_FIELDS", "a.proto", 11, 1)],
        [],
        LEGACY_REQUIRED,
    ),
    ("proto2-to-editions-same-behaviour", "package"): (
        [("MESSAGE_SAME_REQUIRED_FIELDS", "a.proto", 11, 1)],
        [],
        LEGACY_REQUIRED,
    ),
    ("proto2-to-editions-same-behaviour", "file"): (
        [("MESSAGE_SAME_REQUIRED_FIELDS", "a.proto", 11, 1)],
        [],
        LEGACY_REQUIRED,
    ),
    # protoc locates a default at its value, buf at the `default` keyword: same lines, in every
    # category
    **{("field-options", c): _DEFAULTS_AT_VALUE for c in ("wire", "wire_json", "package", "file")},
    ("nested-removed-with-parent", "package"): (
        [],
        [("proto-enum-removed", "a.proto", 1, 1)],
        ENUM_IN_PACKAGE,
    ),
    ("nested-removed-parent-kept", "package"): (
        [],
        [("proto-enum-removed", "a.proto", 5, 1)],
        ENUM_IN_PACKAGE,
    ),
    ("map-field-removed", "package"): (
        [("PACKAGE_MESSAGE_NO_DELETE", "a.proto", 5, 1)],
        [],
        MAP_ENTRY,
    ),
    ("map-field-removed", "file"): ([("MESSAGE_NO_DELETE", "a.proto", 5, 1)], [], MAP_ENTRY),
    ("enum-and-service-removed", "wire"): (
        [],
        [("proto-service-removed", "a.proto", 1, 1)],
        RPC_REMOVAL,
    ),
    ("enum-and-service-removed", "wire_json"): (
        [],
        [("proto-service-removed", "a.proto", 1, 1)],
        RPC_REMOVAL,
    ),
    ("enum-and-service-removed", "package"): (
        [],
        [("proto-enum-removed", "a.proto", 1, 1)],
        ENUM_IN_PACKAGE,
    ),
    ("oneof-removed", "wire"): ([("FIELD_SAME_ONEOF", "a.proto", 6, 3)], [], ONEOF_MOVES),
    ("oneof-removed", "wire_json"): ([("FIELD_SAME_ONEOF", "a.proto", 6, 3)], [], ONEOF_MOVES),
    ("service-and-rpc-removed", "wire"): (
        [],
        [("proto-rpc-removed", "a.proto", 13, 1), ("proto-service-removed", "a.proto", 1, 1)],
        RPC_REMOVAL,
    ),
    ("service-and-rpc-removed", "wire_json"): (
        [],
        [("proto-rpc-removed", "a.proto", 13, 1), ("proto-service-removed", "a.proto", 1, 1)],
        RPC_REMOVAL,
    ),
    ("required-changes", "wire"): (
        [("MESSAGE_SAME_REQUIRED_FIELDS", "a.proto", 5, 1)],
        [],
        REQUIRED_TWICE,
    ),
    ("required-changes", "wire_json"): (
        [("MESSAGE_SAME_REQUIRED_FIELDS", "a.proto", 5, 1)],
        [],
        REQUIRED_TWICE,
    ),
    ("required-changes", "package"): (
        [("MESSAGE_SAME_REQUIRED_FIELDS", "a.proto", 5, 1)],
        [],
        REQUIRED_TWICE,
    ),
    ("required-changes", "file"): (
        [("MESSAGE_SAME_REQUIRED_FIELDS", "a.proto", 5, 1)],
        [],
        REQUIRED_TWICE,
    ),
    ("types-and-cardinality", "wire"): (
        [("FIELD_WIRE_COMPATIBLE_CARDINALITY", "a.proto", 8, 3)],
        [],
        GUIDE_PAIRS,
    ),
    ("edit-field-number-changed", "wire"): (
        [("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", "order.proto", 5, 1)],
        [("proto-field-number-changed", "order.proto", 8, 3)],
        NUMBER_MOVED,
    ),
    ("edit-field-number-changed", "wire_json"): (
        [
            ("FIELD_NO_DELETE_UNLESS_NAME_RESERVED", "order.proto", 5, 1),
            ("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", "order.proto", 5, 1),
        ],
        [("proto-field-number-changed", "order.proto", 8, 3)],
        NUMBER_MOVED,
    ),
    ("edit-field-number-changed", "package"): (
        [("FIELD_NO_DELETE", "order.proto", 5, 1)],
        [("proto-field-number-changed", "order.proto", 8, 3)],
        NUMBER_MOVED,
    ),
    ("edit-field-number-changed", "file"): (
        [("FIELD_NO_DELETE", "order.proto", 5, 1)],
        [("proto-field-number-changed", "order.proto", 8, 3)],
        NUMBER_MOVED,
    ),
    ("edit-bytes-to-string", "wire"): (
        [("FIELD_WIRE_COMPATIBLE_TYPE", "order.proto", 9, 3)],
        [],
        GUIDE_PAIRS,
    ),
    ("edit-enum-to-int32", "wire"): (
        [("FIELD_WIRE_COMPATIBLE_TYPE", "order.proto", 11, 3)],
        [],
        GUIDE_PAIRS,
    ),
    ("edit-message-to-bytes", "wire"): (
        [("FIELD_WIRE_COMPATIBLE_TYPE", "order.proto", 18, 3)],
        [],
        GUIDE_PAIRS,
    ),
    ("edit-message-type-renamed", "wire"): (
        [("FIELD_WIRE_COMPATIBLE_TYPE", "order.proto", 18, 3)],
        [],
        RENAMED_ALIKE,
    ),
    ("edit-message-type-renamed", "wire_json"): (
        [("FIELD_WIRE_JSON_COMPATIBLE_TYPE", "order.proto", 18, 3)],
        [],
        RENAMED_ALIKE,
    ),
    ("edit-repeated-string-to-singular", "wire"): (
        [("FIELD_WIRE_COMPATIBLE_CARDINALITY", "order.proto", 10, 3)],
        [],
        GUIDE_PAIRS,
    ),
    ("edit-into-new-oneof", "wire"): ([("FIELD_SAME_ONEOF", "order.proto", 9, 5)], [], ONEOF_MOVES),
    ("edit-into-new-oneof", "wire_json"): (
        [("FIELD_SAME_ONEOF", "order.proto", 9, 5)],
        [],
        ONEOF_MOVES,
    ),
    ("edit-out-of-oneof", "wire"): ([("FIELD_SAME_ONEOF", "order.proto", 15, 3)], [], ONEOF_MOVES),
    ("edit-out-of-oneof", "wire_json"): (
        [("FIELD_SAME_ONEOF", "order.proto", 15, 3)],
        [],
        ONEOF_MOVES,
    ),
    ("edit-enum-value-number-changed", "wire"): (
        [("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", "order.proto", 32, 1)],
        [("proto-enum-value-number-changed", "order.proto", 35, 3)],
        NUMBER_MOVED,
    ),
    ("edit-enum-value-number-changed", "wire_json"): (
        [
            ("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", "order.proto", 32, 1),
            ("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", "order.proto", 32, 1),
        ],
        [("proto-enum-value-number-changed", "order.proto", 35, 3)],
        NUMBER_MOVED,
    ),
    ("edit-enum-value-number-changed", "package"): (
        [("ENUM_VALUE_NO_DELETE", "order.proto", 32, 1)],
        [("proto-enum-value-number-changed", "order.proto", 35, 3)],
        NUMBER_MOVED,
    ),
    ("edit-enum-value-number-changed", "file"): (
        [("ENUM_VALUE_NO_DELETE", "order.proto", 32, 1)],
        [("proto-enum-value-number-changed", "order.proto", 35, 3)],
        NUMBER_MOVED,
    ),
    ("edit-rpc-removed", "wire"): ([], [("proto-rpc-removed", "order.proto", 42, 1)], RPC_REMOVAL),
    ("edit-rpc-removed", "wire_json"): (
        [],
        [("proto-rpc-removed", "order.proto", 42, 1)],
        RPC_REMOVAL,
    ),
    ("edit-service-removed", "wire"): (
        [],
        [("proto-service-removed", "order.proto", 1, 1)],
        RPC_REMOVAL,
    ),
    ("edit-service-removed", "wire_json"): (
        [],
        [("proto-service-removed", "order.proto", 1, 1)],
        RPC_REMOVAL,
    ),
    ("edit-reserved-name-reused", "wire"): (
        [("RESERVED_MESSAGE_NO_DELETE", "order.proto", 5, 1)],
        [],
        NAMES_NOT_ON_WIRE,
    ),
    ("edit-package-changed", "wire"): (
        [],
        [("proto-service-removed", "order.proto", 1, 1)],
        RPC_REMOVAL,
    ),
    ("edit-package-changed", "wire_json"): (
        [],
        [("proto-service-removed", "order.proto", 1, 1)],
        RPC_REMOVAL,
    ),
    ("extension-number-changed", "wire"): (
        [],
        [("proto-field-number-changed", "a.proto", 12, 3)],
        EXTENSION_NUMBER,
    ),
    ("extension-number-changed", "wire_json"): (
        [],
        [("proto-field-number-changed", "a.proto", 12, 3)],
        EXTENSION_NUMBER,
    ),
    ("extension-number-changed", "package"): (
        [],
        [("proto-field-number-changed", "a.proto", 12, 3)],
        EXTENSION_NUMBER,
    ),
    ("extension-number-changed", "file"): (
        [],
        [("proto-field-number-changed", "a.proto", 12, 3)],
        EXTENSION_NUMBER,
    ),
}
# Cases where buf finds nothing (with stele: nothing, or only the differences above).
QUIET = {"no-syntax-line-is-proto2", "extension-number-changed"}


@cache
def _buf_of(name: str) -> dict[str, set[Key]]:
    """buf's findings on a case, once per session."""
    import tempfile

    old, new = ALL_CASES[name]
    with tempfile.TemporaryDirectory() as tmp:
        return buf_findings(Path(tmp), old, new)


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_findings_agree_with_buf(name: str) -> None:
    old, new = ALL_CASES[name]
    per_category = _buf_of(name)
    if name in CASES:  # each rule family's case must make buf report (edits may be compatible)
        assert any(per_category.values()) != (name in QUIET), "the case proves nothing"
    for category in CATEGORIES:
        only_buf, only_stele = compare(per_category[category], stele_findings(old, new, category))
        buf_expected, stele_expected, why = DIFFERENCES.get((name, category), ([], [], ""))
        assert (sorted(only_buf, key=str), sorted(only_stele)) == (
            sorted(buf_expected, key=str),
            sorted(stele_expected),
        ), (category, why or "the tools must agree")


def test_every_buf_rule_is_exercised() -> None:
    """The cases make buf report every one of its breaking rules, so each is compared."""
    seen: set[str] = set()
    for name in ALL_CASES:
        for found in _buf_of(name).values():
            seen |= {key[0] for key in found}
    assert set(_buf_categories()) - seen == set()


def test_every_buf_rule_has_a_stele_equivalent() -> None:
    named = set().union(*(_equivalents(rule) for rule in RULES_BY_ID))
    assert set(_buf_categories()) - named == set()


def test_categories_map_one_to_one_onto_bufs() -> None:
    table = _buf_categories()
    buf_categories = set().union(*table.values()) - {"CSR"}  # CSR: the Confluent registry's
    assert sorted(BUF_CATEGORY.values()) == sorted(buf_categories)
    assert tuple(BUF_CATEGORY) == CATEGORIES
    for rule in RULES_BY_ID.values():
        for buf_id in _equivalents(rule.id):
            assert buf_id in table, (rule.id, buf_id)


if __name__ == "__main__":  # print every difference, to review them
    import tempfile

    for name, (old, new) in ALL_CASES.items():
        with tempfile.TemporaryDirectory() as tmp:
            per_category = buf_findings(Path(tmp), old, new)
        for category in CATEGORIES:
            only_buf, only_stele = compare(
                per_category[category], stele_findings(old, new, category)
            )
            if only_buf or only_stele:
                print(
                    name,
                    category,
                    "buf only:",
                    sorted(only_buf, key=str),
                    "stele only:",
                    sorted(only_stele, key=str),
                )
