"""Size budgets judge declared samples: a message's examples, else its body type's; generated
values only with `budgets: {samples: all}` (they move with any edit of the types they draw
from, so a growth budget on them failed on unrelated changes)."""

from __future__ import annotations

import json
from pathlib import Path

from test_sizes_cli import project, sizes

# Basket declares examples on the type; BasketUpdated has its own, BasketShared none.
SHOP = """\
package: shop
types:
  Item:
    fields:
      sku: string
      price: float64
  Basket:
    fields:
      id: uuid
      items: list<Item>
      note: string?
    examples:
      - name: small
        value: {id: 0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11, items: [{sku: A1, price: 0.5}]}
  Ping:
    fields:
      at: timestamp
messages:
  BasketUpdated:
    kind: event
    body: Basket
    examples:
      - name: one
        body: {id: 0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11, items: []}
  BasketShared:
    kind: event
    body: Basket
  Pinged:
    kind: event
    body: Ping
"""
# An edit that no declared sample shows: a new optional field, absent from every example.
EDITED = SHOP.replace("      note: string?\n", "      note: string?\n      gift: string?\n")


def samples_of(config: Path, *args: str) -> dict[str, list[tuple[str, bool]]]:
    code, out, _ = sizes(config, "--no-timing", "--no-hints", "-o", "json", *args)
    assert code == 0
    return {
        m["name"]: [(e["name"], e["generated"]) for e in m["examples"]]
        for m in json.loads(out)["messages"]
    }


def test_a_message_without_examples_is_measured_with_its_body_types(tmp_path: Path) -> None:
    found = samples_of(project(tmp_path, contract=SHOP))
    assert found["shop.BasketUpdated"] == [("one", False)]
    assert found["shop.BasketShared"] == [("small", False)]  # Basket's example, not generated
    assert found["shop.Pinged"] == [(f"generated-{i}", True) for i in (1, 2, 3)]


def test_growth_budgets_ignore_an_edit_no_declared_sample_shows(tmp_path: Path) -> None:
    """Measured with generated values on both sides, an optional field no example sets moves
    the generated values (not the declared ones): only `samples: all` sees growth (at seed 2,
    91% in BasketUpdated's JSON)."""
    budgets = "budgets:\n  max_growth_percent: {json: 0, protobuf: 0}\n"
    config = project(tmp_path, budgets, SHOP)
    measure = ("--no-timing", "--no-hints", "--generate", "2", "--seed", "2")
    assert sizes(config, *measure, "--update-baseline")[0] == 0
    (tmp_path / "contracts" / "shop.yaml").write_text(EDITED, encoding="utf-8")
    code, out, _ = sizes(config, *measure, "--check")
    assert (code, [line for line in out.splitlines() if "Z011" in line]) == (0, [])
    project(tmp_path, budgets + "  samples: all\n", EDITED)
    code, out, _ = sizes(config, *measure, "--check")
    grew = {line.split(" Z011 ")[1].split(":")[0] for line in out.splitlines() if "Z011" in line}
    assert (code, grew) == (1, {"shop.BasketUpdated", "shop.BasketShared"})


def test_generated_values_count_only_when_asked(tmp_path: Path) -> None:
    """A cap every declared sample meets, and generated values of long strings do not."""
    cap = "budgets:\n  max_bytes: {json: 200}\n"
    config = project(tmp_path, cap, SHOP)
    args = ("--no-timing", "--no-hints", "--check", "--generate", "2", "--string-length", "300")
    code, out, _ = sizes(config, *args)
    assert code == 0 and "Z010" not in out
    project(tmp_path, cap + "  samples: all\n", SHOP)
    code, out, _ = sizes(config, *args)
    assert code == 1
    over = {line.split(" Z010 ")[1].split(":")[0] for line in out.splitlines() if "Z010" in line}
    assert over == {"shop.BasketUpdated", "shop.BasketShared"}


def test_a_message_budget_that_judges_nothing_is_a_warning(tmp_path: Path) -> None:
    budgets = "budgets:\n  messages:\n    shop.Pinged: {max_bytes: 10}\n"
    code, out, _ = sizes(project(tmp_path, budgets, SHOP), "--no-timing", "--no-hints", "--check")
    assert code == 0  # a warning: the check fails on errors
    (line,) = [line for line in out.splitlines() if "Z012" in line]
    assert line == (
        "contracts/shop.yaml:28:3: warning Z012 shop.Pinged: its budget judges nothing: the "
        "message and its body type declare no example"
    )


def test_samples_takes_declared_or_all(tmp_path: Path) -> None:
    code, _, err = sizes(project(tmp_path, "budgets:\n  samples: some\n"), "--no-timing")
    assert code == 2
    assert "Z001 budgets: samples: expected declared or all, got 'some'" in err
