"""Verification by codecs (`stele.compat.verify`): values compared as values at every depth, no
contradiction where a finding already flags the element that holds the type, and messages in the
YAML's terms (never a codec's exception text)."""

from __future__ import annotations

from pathlib import Path

from stele.compat.model import Direction, Finding, Mode
from stele.compat.project_check import BaselineReport, ProjectFinding, Side, open_side
from stele.compat.verify import verify
from stele.compat.verify_values import difference
from stele.config import Config
from stele.diagnostics import Severity
from stele.ir import Decimal, Project, Ref, Scalar, Value

OLD = """package: shop.items
types:
  Money:
    fields:
      amount: decimal(12,2)
  Line:
    fields:
      price: Money
      note: string?
"""
WIDER = OLD.replace("decimal(12,2)", "decimal(12,4)")
DEEPER = WIDER.replace("      note: string?\n", "      note: string?\n      gift: bool?\n")


def _side(root: Path, text: str, lock: str | None, label: str) -> Side:
    (root / "contracts").mkdir(parents=True)
    (root / "contracts" / "items.yaml").write_text(text, encoding="utf-8")
    if lock is not None:
        (root / "compat").mkdir()
        (root / "compat" / "stele.lock").write_text(lock, encoding="utf-8")
    return open_side(label, Config(root=root))


def _report(tmp: Path, new_text: str, mode: Mode, flagged: list[ProjectFinding]) -> BaselineReport:
    old = _side(tmp / "old", OLD, None, "1.0.0")
    new = _side(tmp / "new", new_text, old.workspace.lock_text, "working tree")
    return BaselineReport("1.0.0", mode, old, new, flagged, ["avro", "protobuf"])


def _rows(findings: list[ProjectFinding]) -> list[tuple[object, ...]]:
    return [
        (
            pf.finding.rule,
            pf.severity.value,
            pf.finding.format,
            pf.finding.direction.value,
            pf.element,
            pf.finding.message,
            str(pf.finding.new),
        )
        for pf in findings
    ]


def _project(tmp: Path, text: str) -> Project:
    return _side(tmp, text, None, "p").workspace.project


def test_decimals_timestamps_and_numbers_compare_as_values(tmp_path: Path) -> None:
    p = _project(tmp_path, OLD)
    d2, d4 = Decimal(12, 2), Decimal(12, 4)
    assert difference(p, d2, "648406.32", p, d4, "648406.3200") == ""
    ts = Scalar("timestamp")
    assert difference(p, ts, "2025-01-02T03:04:05Z", p, ts, "2025-01-02T03:04:05.000000Z") == ""
    assert difference(p, Scalar("int32"), 7, p, Scalar("float64"), 7.0) == ""
    # a float32 read by a double reader (Avro promotes) is the single-precision number
    assert difference(p, Scalar("float32"), -28.14, p, Scalar("float64"), -28.139999389648438) == ""
    assert difference(p, d4, "1.2345", p, d2, "1.23") == (
        '"1.2345" was read as "1.23" (decimal(12,4) read as decimal(12,2))'
    )
    assert difference(p, Scalar("date"), "2025-01-02", p, ts, "2025-01-02T00:00:00Z") == (
        '"2025-01-02" was read as "2025-01-02T00:00:00Z" (date read as timestamp)'
    )


def test_named_types_are_compared_at_every_depth(tmp_path: Path) -> None:
    p = _project(tmp_path, OLD)
    line = Ref("shop.items.Line")
    written: Value = {"price": {"amount": "10.50"}, "note": "x"}
    assert difference(p, line, written, p, line, {"price": {"amount": "10.5"}, "note": "x"}) == ""
    assert difference(p, line, written, p, line, {"price": {"amount": "10.49"}, "note": "x"}) == (
        'field \'price.amount\': "10.50" was read as "10.49"'
    )
    assert difference(p, line, written, p, line, {"price": {}, "note": "x"}) == (
        "field 'price.amount' was written as \"10.50\" but read as absent"
    )


def test_equal_decimals_at_another_scale_are_no_contradiction(tmp_path: Path) -> None:
    # BACKWARD: the new reader reads "1.50" as "1.5000": the same number.
    assert verify(_report(tmp_path, WIDER, Mode.BACKWARD, [])) == []


def test_a_narrowed_decimal_is_a_contradiction_in_the_yamls_terms(tmp_path: Path) -> None:
    # FORWARD: the old reader reads "...1234"-like values at scale 2; no rule flagged anything.
    found = verify(_report(tmp_path, DEEPER, Mode.FORWARD, []))
    assert _rows(found) == [
        (
            "verify-contradiction",
            "error",
            "avro",
            "forward",
            "shop.items.Line",
            "the rules find shop.items.Line compatible (forward) but avro disagrees: a "
            "shop.items.Line written by working tree (every optional field present) reads back "
            "changed: field 'price.amount': \"885440.6311\" was read as "
            '"885440.63" (decimal(12,4) read as decimal(12,2))',
            "contracts/items.yaml:6:3",
        ),
        (
            "verify-contradiction",
            "error",
            "avro",
            "forward",
            "shop.items.Money",
            "the rules find shop.items.Money compatible (forward) but avro disagrees: a "
            "shop.items.Money written by working tree (every optional field present) reads back "
            'changed: field \'amount\': "885440.6311" was read as "885440.63" '
            "(decimal(12,4) read as decimal(12,2))",
            "contracts/items.yaml:3:3",
        ),
    ]


def _flag(report: BaselineReport, element: str) -> ProjectFinding:
    f = Finding("avro-field-type-changed", Severity.ERROR, Direction.FORWARD, "avro", "m", element)
    return ProjectFinding(f, element, report.baseline)


def test_no_contradiction_where_the_holding_element_is_flagged(tmp_path: Path) -> None:
    report = _report(tmp_path, DEEPER, Mode.FORWARD, [])
    report.findings = [_flag(report, "shop.items.Money.amount")]
    # Money.amount flagged: Money is covered, and so is Line, which holds it.
    assert verify(report) == []
    report.findings = [_flag(report, "shop.items.Line.price")]
    # The field holding Money is flagged: Money and Line are covered.
    assert verify(report) == []
    report.findings = [_flag(report, "shop.items.Line.note")]
    # A finding on another field of Line covers Line, not Money, which Line only holds.
    assert [pf.element for pf in verify(report)] == ["shop.items.Money"]


def test_a_value_that_does_not_decode_is_named_not_the_codecs_error(tmp_path: Path) -> None:
    text = OLD.replace("      note: string?\n", "      note: string?\n      size: Size\n")
    text = text.replace("types:\n", "types:\n  Size:\n    enum: [S, M]\n")
    old = _side(tmp_path / "old", text, None, "1.0.0")
    new = _side(
        tmp_path / "new",
        text.replace("[S, M]", "[S, M, L]"),
        old.workspace.lock_text,
        "working tree",
    )
    report = BaselineReport("1.0.0", Mode.FORWARD, old, new, [], ["avro"])
    assert [pf.finding.message for pf in verify(report)] == [
        "the rules find shop.items.Line compatible (forward) but avro disagrees: a "
        "shop.items.Line written by working tree (field 'size' = L) does not decode"
    ]


def test_protobuf_enums_are_open_and_unset_unions_absent(tmp_path: Path) -> None:
    # An old Protobuf reader keeps the number of a symbol it does not know (proto3 enums are
    # open) and a new reader sees an unset union the old writer never wrote: no contradiction.
    text = OLD.replace("types:\n", "types:\n  Size:\n    enum: [S, M]\n  Card:\n    fields:\n")
    text = text.replace("    fields:\n    fields:\n", "    fields:\n      last4: string\n")
    text = text.replace("  Money:\n", "  Pay:\n    union:\n      card: Card\n  Money:\n", 1)
    text = text.replace("      note: string?\n", "      note: string?\n      size: Size\n")
    old = _side(tmp_path / "old", text, None, "1.0.0")
    new_text = text.replace("[S, M]", "[S, M, L]").replace(
        "      size: Size\n", "      size: Size\n      pay: Pay\n"
    )
    new = _side(tmp_path / "new", new_text, old.workspace.lock_text, "working tree")
    assert verify(BaselineReport("1.0.0", Mode.FULL, old, new, [], ["protobuf"])) == []
