"""docs/mapping.md, "Protobuf's canonical JSON is not stele's JSON": the contract, the stele JSON
line and the Protobuf JSON line of the page, checked against the codecs (stele's JSON codec, and
google.protobuf.json_format over the bytes of stele's Protobuf codec)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import cast

import pytest
from google.protobuf import json_format

from stele.encode import Codecs
from stele.encode.protobuf_codec import ProtobufCodec
from stele.source.config_reader import load_config
from stele.workspace import open_workspace

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Protobuf's canonical JSON is not stele's JSON"


def _section() -> str:
    text = (ROOT / "docs" / "mapping.md").read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return text[start : end if end != -1 else len(text)]


def _block(section: str, marker: str) -> str:
    found = re.search(rf"<!-- example: {marker} -->\n```json\n(.*?)\n```", section, re.DOTALL)
    assert found is not None, marker
    return found.group(1)


@pytest.fixture
def codecs(tmp_path: Path) -> Codecs:
    section = _section()
    contract = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert contract is not None
    (tmp_path / "contracts").mkdir()
    (tmp_path / "contracts" / "pay.yaml").write_text(contract.group(1), encoding="utf-8")
    (tmp_path / "stele.yaml").write_text("sources: [contracts]\n", encoding="utf-8")
    return Codecs.from_workspace(open_workspace(load_config(tmp_path / "stele.yaml")))


def test_the_stele_json_line_is_what_the_json_codec_writes(codecs: Codecs) -> None:
    shown = _block(_section(), "stele-json")
    value = json.loads(shown)
    written = codecs.by_format["json"].encode("pay.Payment", value)
    assert json.loads(written) == value
    assert codecs.by_format["json"].decode("pay.Payment", written) == value


def test_the_protobuf_json_line_is_what_protobuf_writes(codecs: Codecs) -> None:
    section = _section()
    value = json.loads(_block(section, "stele-json"))
    protobuf = cast(ProtobufCodec, codecs.by_format["protobuf"])
    message = protobuf.values.message_class("pay.Payment")()
    message.ParseFromString(protobuf.encode("pay.Payment", value))
    assert json_format.MessageToJson(message, indent=None) == _block(section, "protobuf-json")


def test_a_protobuf_json_parser_rejects_stele_json(codecs: Codecs) -> None:
    section = _section()
    protobuf = cast(ProtobufCodec, codecs.by_format["protobuf"])
    message = protobuf.values.message_class("pay.Payment")()
    with pytest.raises(json_format.ParseError, match="Invalid enum value EUR"):
        json_format.Parse(_block(section, "stele-json"), message)
    assert "Invalid enum value EUR for enum type pay.CurrencyCode" in " ".join(section.split())
