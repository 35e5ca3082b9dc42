"""`stele diff` of GraphQL SDL: hostile input gets located errors within limits, a directory is
one schema, both directions, and every finding is one of graphql-core's own changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from graphql import build_schema, find_breaking_changes, find_dangerous_changes
from graphql.utilities import BreakingChange, DangerousChange
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stele.cli.main import cli
from stele.compat.diff import diff_paths
from stele.compat.foreign import MAX_FOREIGN_DEPTH
from stele.compat.graphql import CHECKER, subject_of
from stele.compat.graphql.rules import BY_CHANGE, RULES
from stele.compat.model import Direction, Mode
from stele.diagnostics import SteleError

GOLDEN = Path(__file__).parent / "golden" / "graphql" / "schema.graphql"
OLD = "type Query { order: Order }\ntype Order {\n  id: ID!\n  note: String\n}\n"
NEW = "type Query { order: Order }\ntype Order {\n  id: ID!\n}\n"


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _error(files: dict[str, bytes]) -> tuple[str, int, int, str]:
    with pytest.raises(SteleError) as caught:
        CHECKER.load(files)
    d = caught.value.diagnostics[0]
    return d.code, d.span.line, d.span.column, d.message


def test_not_sdl_is_d004_at_its_position() -> None:
    code, line, column, message = _error({"a.graphql": b"type Query {\n  a: \n}\n"})
    assert (code, line, column) == ("D004", 3, 1)
    assert message.startswith("not GraphQL SDL")


def test_an_invalid_schema_is_d004_at_the_node() -> None:
    code, line, column, message = _error({"a.graphql": b"type Query {\n  a: Missing\n}\n"})
    assert (code, line, column) == ("D004", 2, 6)
    assert "Missing" in message


def test_deep_nesting_is_refused_before_the_parser_recurses() -> None:
    deep = "type Query { a: " + "[" * (MAX_FOREIGN_DEPTH + 1) + "Int" + "]" * 300 + " }\n"
    code, line, column, _ = _error({"a.graphql": deep.encode()})
    assert (code, line) == ("D005", 1)
    assert column == len("type Query { a: ") + MAX_FOREIGN_DEPTH  # the `{` is one level


def test_brackets_inside_strings_and_comments_do_not_count() -> None:
    text = (
        '"' + "[" * 400 + '"\ntype Query {\n  # ' + "{" * 400 + '\n  """' + "(" * 400 + '"""\n'
        "  a: Int\n}\n"
    )
    schema = CHECKER.load({"a.graphql": text.encode()})
    assert schema is not None and "Query.a" in schema.places


def test_not_utf8_is_d006() -> None:
    assert _error({"a.graphql": b"type Query { a: Int }\n\xff"})[0] == "D006"


def test_a_directory_is_one_schema_located_per_file(tmp_path: Path) -> None:
    _write(tmp_path, "old/query.graphql", "type Query { order: Order }\n")
    _write(tmp_path, "old/order.graphql", OLD.split("\n", 1)[1])
    _write(tmp_path, "new/query.graphql", "type Query { order: Order }\n")
    _write(tmp_path, "new/order.graphql", NEW.split("\n", 1)[1])
    result = diff_paths(tmp_path / "old", tmp_path / "new", None, Mode.BACKWARD)
    assert result.format == "graphql"
    assert [(f.rule, f.subject, str(f.old)) for f in result.findings] == [
        (
            "graphql-field-removed",
            "Order.note",
            f"{(tmp_path / 'old/order.graphql').as_posix()}:3:3",
        )
    ]


def test_forward_is_the_new_schema_read_back_to_the_old(tmp_path: Path) -> None:
    old, new = _write(tmp_path, "old.graphql", NEW), _write(tmp_path, "new.graphql", OLD)
    result = diff_paths(old, new, None, Mode.FULL)
    assert [(f.rule, f.direction, f.subject) for f in result.findings] == [
        ("graphql-field-removed", Direction.FORWARD, "Order.note")
    ]
    assert result.findings[0].message.startswith("going back from the new schema")
    assert str(result.findings[0].new).endswith("new.graphql:4:3")


def test_the_cli_exit_codes(tmp_path: Path) -> None:
    old, new = _write(tmp_path, "old.graphql", OLD), _write(tmp_path, "new.graphql", NEW)
    runner = CliRunner()
    broken = runner.invoke(cli, ["diff", "--format", "graphql", str(old), str(new)])
    assert broken.exit_code == 1 and "graphql-field-removed" in broken.output
    same = runner.invoke(cli, ["diff", str(old), str(old)])
    assert same.exit_code == 0, same.output
    bad = _write(tmp_path, "bad.graphql", "type {")
    refused = runner.invoke(cli, ["diff", str(old), str(bad)])
    # `main` turns a SteleError into exit 2; the group alone lets it through.
    assert isinstance(refused.exception, SteleError)
    assert [d.code for d in refused.exception.diagnostics] == ["D004"]


def test_every_change_type_of_graphql_core_has_a_rule() -> None:
    from graphql import BreakingChangeType, DangerousChangeType

    names = {t.name for t in (*BreakingChangeType, *DangerousChangeType)}
    assert set(BY_CHANGE) == names
    assert len(RULES) == len(names)


def _evolved_golden() -> str:
    text = GOLDEN.read_text(encoding="utf-8")
    text = text.replace('  legacy_code: String @deprecated(reason: "use id instead")\n', "")
    text = text.replace("  CANCEL_PENDING\n", "")
    return text.replace("  note: String\n", "  note: String\n  gift: Boolean\n")


def test_findings_are_graphql_cores_changes_one_for_one(tmp_path: Path) -> None:
    """Differential: on the example project's SDL and an evolution of it, the findings are
    exactly graphql-core's changes (standard scalars left out), one rule per change type."""
    old_text, new_text = GOLDEN.read_text(encoding="utf-8"), _evolved_golden()
    old = _write(tmp_path, "old.graphql", old_text)
    new = _write(tmp_path, "new.graphql", new_text)
    result = diff_paths(old, new, None, Mode.BACKWARD)
    a, b = build_schema(old_text), build_schema(new_text)
    changes: list[BreakingChange | DangerousChange] = [
        *find_breaking_changes(a, b),
        *find_dangerous_changes(a, b),
    ]
    expected = sorted((BY_CHANGE[c.type.name].id, c.description) for c in changes)
    assert sorted((f.rule, f.message) for f in result.findings) == expected
    assert {f.subject for f in result.findings} == {
        "Order.legacy_code",
        "OrderState.CANCEL_PENDING",
        "LineItemInput.gift",
    }
    assert all(f.old is not None or f.new is not None for f in result.findings)


def test_subject_prefers_the_union_and_the_most_precise_coordinate() -> None:
    places = [{"Payment": None, "Card": None, "Query.a": None, "Query.a(x:)": None}]
    assert subject_of("Card was removed from union type Payment.", places) == "Payment"
    assert subject_of("Argument Query.a(x:) was removed.", places) == "Query.a(x:)"


# -- fuzzing: mutated SDL never escapes as anything but findings or located diagnostics ------


EXAMPLES = int(os.environ.get("STELE_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 40,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TOKENS = st.sampled_from(
    [
        "type",
        "input",
        "enum",
        "union",
        "scalar",
        "directive",
        "@",
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        ":",
        "!",
        "=",
        "|",
        "...",
        '"',
        '"""',
        "#",
        "\n",
        " ",
        "Query",
        "Order",
        "id",
        "ID",
        "Int",
        "extend",
        "schema",
        "implements",
        "&",
        "on",
        "repeatable",
        "\\",
        "\x00",
        "é",
        "\ud800",
    ]
)


@FUZZ
@given(st.data())
def test_mutated_sdl_gives_findings_or_located_diagnostics(data: st.DataObject) -> None:
    base = GOLDEN.read_text(encoding="utf-8")
    cut = data.draw(st.integers(0, len(base)))
    inserted = "".join(data.draw(st.lists(TOKENS, max_size=12)))
    removed = data.draw(st.integers(0, 40))
    mutated = base[:cut] + inserted + base[cut + removed :]
    raw = mutated.encode("utf-8", "surrogatepass")
    try:
        new = CHECKER.load({"new.graphql": raw})
    except SteleError as exc:
        assert all(d.code in ("D004", "D005", "D006") for d in exc.diagnostics)
        assert all(d.span.line >= 1 and d.span.column >= 1 for d in exc.diagnostics)
        return
    old = CHECKER.load({"old.graphql": base.encode()})
    for direction in (Direction.BACKWARD, Direction.FORWARD):
        for f in CHECKER.check(old, new, direction):
            assert f.rule.startswith("graphql-")


def test_the_token_limit_is_d005(monkeypatch: pytest.MonkeyPatch) -> None:
    from stele.compat.graphql import loading

    monkeypatch.setattr(loading, "MAX_FOREIGN_NODES", 5)
    code, line, _, message = _error({"a.graphql": b"type Query {\n  a: Int\n  b: Int\n}\n"})
    assert (code, line) == ("D005", 2)
    assert "more than 5 tokens" in message
