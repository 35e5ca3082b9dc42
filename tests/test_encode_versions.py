"""Data written with one version of the contracts, read with another, through the real codecs."""

from __future__ import annotations

from pathlib import Path

import pytest

from stele.encode import Codecs, DecodeError
from stele.ir import Value
from stele.source.config_reader import load_config
from stele.workspace import open_workspace

V1 = """\
package: shop
types:
  Size:
    enum: [SMALL, LARGE]
    default: SMALL
  Item:
    fields:
      sku: {type: string, number: 1}
      size: {type: Size, number: 2}
"""
V2 = V1.replace("[SMALL, LARGE]", "[SMALL, LARGE, HUGE]") + (
    "      note: {type: string?, number: 3}\n"
)


def codecs(root: Path, contract: str) -> Codecs:
    (root / "contracts").mkdir(parents=True)
    (root / "stele.yaml").write_text("sources: [contracts]\n", encoding="utf-8")
    (root / "contracts" / "shop.yaml").write_text(contract, encoding="utf-8")
    return Codecs.from_workspace(open_workspace(load_config(root / "stele.yaml")))


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Codecs, Codecs]:
    return codecs(tmp_path / "v1", V1), codecs(tmp_path / "v2", V2)


@pytest.mark.parametrize("fmt", ["protobuf", "avro"])
def test_new_reader_reads_old_data(versions: tuple[Codecs, Codecs], fmt: str) -> None:
    old, new = versions
    data = old[fmt].encode("shop.Item", {"sku": "A1", "size": "LARGE"})
    read = new[fmt].decode("shop.Item", data, writer=old[fmt])
    assert read == {"sku": "A1", "size": "LARGE"}


@pytest.mark.parametrize("fmt", ["protobuf", "avro"])
def test_old_reader_reads_new_data_without_the_new_field(
    versions: tuple[Codecs, Codecs], fmt: str
) -> None:
    old, new = versions
    data = new[fmt].encode("shop.Item", {"sku": "A1", "size": "LARGE", "note": "gift"})
    assert old[fmt].decode("shop.Item", data, writer=new[fmt]) == {"sku": "A1", "size": "LARGE"}


def test_a_new_enum_symbol_reads_as_the_default_in_old_readers(
    versions: tuple[Codecs, Codecs],
) -> None:
    old, new = versions
    value: Value = {"sku": "A1", "size": "HUGE"}
    # Protobuf keeps the unknown number; Avro resolves it to the reader's enum default.
    for fmt in ("protobuf", "avro"):
        data = new[fmt].encode("shop.Item", value)
        assert old[fmt].decode("shop.Item", data, writer=new[fmt]) == {"sku": "A1", "size": "SMALL"}


def test_avro_without_the_writer_schema_misreads(versions: tuple[Codecs, Codecs]) -> None:
    old, new = versions
    data = new["avro"].encode("shop.Item", {"sku": "A1", "size": "LARGE", "note": "gift"})
    # Read as if the old schema had written it: trailing bytes are ignored by schemaless
    # readers, so the value comes back without the note -- the writer schema is what makes
    # evolution explicit, and truncated data is an error.
    assert old["avro"].decode("shop.Item", data) == {"sku": "A1", "size": "LARGE"}
    with pytest.raises(DecodeError):
        new["avro"].decode("shop.Item", data[:3], writer=new["avro"])
