"""The pydantic models carry the fields' JSON names (`json:`) and fields named as Python keywords
(`from`) as aliases (docs/python-models.md): the generated modules, imported with
the real pydantic, read the JSON form of the examples, are built by field name, give the JSON
form back with `by_alias=True`, and pass `mypy --strict`; `stele test` checks the examples
through them."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from _console import stele

from stele.config import ContentModel, Options
from stele.emit.python_models_writer import write_modules
from stele.source.config_reader import load_config
from stele.workspace import open_workspace

CONTRACT = """\
package: acme.mail
types:
  Mail:
    fields:
      mail_id: {type: uuid, json: mailId, doc: The mail's id.}
      from: string
      class: {type: string?, json: className}
      sent_by: {type: string, json: "@sentBy"}
      size: {type: int32, json: sizeBytes, default: 0}
      parts: list<Part>
      kind: {type: Kind, default: PLAIN}
    examples:
      - {mail_id: 6f1c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f, from: ann, sent_by: bob, size: 3, parts: [{part_no: 1, import: true}]}
  Part:
    fields:
      part_no: {type: int32, json: partNo}
      import: bool?
  Kind:
    enum: [PLAIN, SIGNED]
    default: PLAIN
  Content:
    union:
      mail: Mail
      part: Part
    examples:
      - {type: part, part_no: 2}
messages:
  MailSent:
    kind: event
    body: Mail
    headers:
      from: string
    examples:
      - name: sent
        headers: {from: ann}
        body: {mail_id: 0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11, from: cy, sent_by: dee, parts: []}
"""

JSON_FORM = {
    "mailId": "6f1c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f",
    "from": "ann",
    "@sentBy": "bob",
    "sizeBytes": 3,
    "parts": [{"partNo": 1, "import": True}],
}
PACKAGE = "stele_models"
MYPY = (sys.executable, "-m", "mypy", "--strict")


def _project(root: Path, formats: str = "") -> Path:
    (root / "contracts").mkdir(parents=True)
    (root / "contracts" / "mail.yaml").write_text(CONTRACT, encoding="utf-8")
    options = f"options: {{formats: [{formats}]}}\n" if formats else ""
    (root / "stele.yaml").write_text(f"sources: [contracts]\n{options}", encoding="utf-8")
    return root


def _forget() -> None:
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project, generated with the default formats (the pydantic models among them)."""
    root = _project(tmp_path_factory.mktemp("mail"))
    ws = open_workspace(load_config(root / "stele.yaml"))
    folder = root / "codegen" / "python" / "models"
    for path, code in write_modules(ws.project, ws.config.options).items():
        target = folder / PACKAGE / Path(*path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(code, encoding="utf-8")
    return folder


@pytest.fixture
def mail(generated: Path) -> Iterator[ModuleType]:
    _forget()
    sys.path.insert(0, str(generated))
    try:
        yield importlib.import_module(f"{PACKAGE}.acme.mail")
    finally:
        sys.path.remove(str(generated))
        _forget()


def test_a_field_with_a_json_name_has_it_as_its_alias(generated: Path) -> None:
    code = (generated / PACKAGE / "acme" / "mail.py").read_text(encoding="utf-8")
    assert (
        "class Mail(BaseModel):\n"
        "    model_config = ConfigDict(\n"
        "        populate_by_name=True,\n"
        "    )\n"
        "    mail_id: Annotated[UUID, Field(alias='mailId', description=\"The mail's id.\")]\n"
        "    from_: Annotated[str, Field(alias='from')]\n"
        "    class_: Annotated[str | None, Field(alias='className')] = None\n"
        "    sent_by: Annotated[str, Field(alias='@sentBy')]\n"
        "    size: Annotated[int | None, Field(alias='sizeBytes', ge=-2147483648,"
        " le=2147483647)] = 0\n"
        "    parts: list[Part]\n"
        "    kind: Kind | None = Kind.PLAIN\n"
    ) in code
    assert (
        "class Part(BaseModel):\n"
        "    model_config = ConfigDict(\n"
        "        populate_by_name=True,\n"
        "    )\n"
        "    part_no: Annotated[int, Field(alias='partNo', ge=-2147483648, le=2147483647)]\n"
        "    import_: Annotated[bool | None, Field(alias='import')] = None\n"
    ) in code
    # A union's examples are JSON forms too; a model without such fields has no setting.
    assert "examples=[{'type': 'part', 'partNo': 2}]" in code
    assert "class Kind(StrEnum):\n    PLAIN = 'PLAIN'\n" in code
    # A header named as a keyword is aliased as a field is.
    assert (
        "class MailSent_Headers(BaseModel):\n"
        "    model_config = ConfigDict(\n"
        "        populate_by_name=True,\n"
        "    )\n"
    ) in code
    assert "    from_: Annotated[str, Field(alias='from')]\n" in code.split("MailSent_Headers")[1]
    assert code.count("populate_by_name=True") == 5  # Mail, Part, two variants, the headers


def test_a_closed_model_forbids_extra_fields_and_takes_names(tmp_path: Path) -> None:
    ws = open_workspace(load_config(_project(tmp_path) / "stele.yaml"))
    closed = Options(json_content_model=ContentModel.CLOSED)
    code = write_modules(ws.project, closed)[("acme", "mail.py")]
    assert (
        "class Part(BaseModel):\n"
        "    model_config = ConfigDict(\n"
        "        extra='forbid',\n"
        "        populate_by_name=True,\n"
        "    )\n"
    ) in code
    assert (
        "class MailSent(BaseModel):\n    model_config = ConfigDict(\n        extra='forbid',\n    )\n"
        in code
    )


def test_the_json_form_is_read_and_given_back_by_alias(mail: ModuleType) -> None:
    parsed = mail.Mail.model_validate_json(json.dumps(JSON_FORM))
    assert (parsed.mail_id.hex, parsed.from_, parsed.sent_by, parsed.size) == (
        "6f1c2b1e8d4a4c3b9e2f1a2b3c4d5e6f",
        "ann",
        "bob",
        3,
    )
    assert (parsed.parts[0].part_no, parsed.parts[0].import_) == (1, True)
    assert parsed.model_dump(mode="json", by_alias=True, exclude_unset=True) == JSON_FORM
    again = mail.Mail.model_validate_json(parsed.model_dump_json(by_alias=True))
    assert again == parsed
    # Without by_alias, pydantic dumps the attributes' names: not the JSON form.
    assert list(parsed.model_dump(exclude_unset=True)) == [
        "mail_id",
        "from_",
        "sent_by",
        "size",
        "parts",
    ]


def test_python_code_builds_a_model_by_field_name(mail: ModuleType) -> None:
    built = mail.Mail(
        mail_id="6f1c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f",
        from_="ann",
        sent_by="bob",
        size=3,
        parts=[mail.Part(part_no=1, import_=True)],
    )
    assert built.model_dump(mode="json", by_alias=True, exclude_unset=True) == JSON_FORM
    assert built == mail.Mail.model_validate(JSON_FORM)


def test_a_document_with_the_field_names_is_read_too(mail: ModuleType) -> None:
    """`populate_by_name` applies to every input, JSON too: the models read a document written
    with the fields' own names, which the JSON Schema rejects (docs/python-models.md). A document
    with neither name misses the field under its JSON name."""
    from pydantic import ValidationError

    assert mail.Part.model_validate_json('{"part_no": 1}').part_no == 1
    with pytest.raises(ValidationError) as raised:
        mail.Part.model_validate_json('{"number": 1}')
    assert [(e["loc"], e["type"]) for e in raised.value.errors()] == [(("partNo",), "missing")]


def test_a_union_reads_its_variants_json_form(mail: ModuleType) -> None:
    content = mail.Content.model_validate_json('{"type": "part", "partNo": 2, "import": false}')
    assert type(content.root).__name__ == "Content_Part"
    assert content.model_dump(mode="json", by_alias=True) == {
        "type": "part",
        "partNo": 2,
        "import": False,
    }


def test_the_models_pass_mypy_strict(generated: Path, tmp_path: Path) -> None:
    """Construction by field name type-checks too: mypy reads the attributes' names."""
    use = generated / "use_models.py"
    use.write_text(
        "from stele_models.acme.mail import Part\n"
        "part = Part(part_no=1, import_=True)\n"
        "number: int = part.part_no\n",
        encoding="utf-8",
    )
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")
    cache = str(tmp_path / ".mypy")
    found = subprocess.run(
        [*MYPY, "--config-file", str(config), "--cache-dir", cache, PACKAGE, "use_models.py"],
        cwd=generated,
        capture_output=True,
        text=True,
        check=False,
    )
    use.unlink()
    assert found.returncode == 0, found.stdout + found.stderr
    assert found.stdout.startswith("Success: no issues found in 4 source files")


def test_stele_test_checks_the_examples_through_the_models(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The symptom of issue #19: `example-model-invalid` for every example of a record with
    `json:` names when the project generates python-models."""
    monkeypatch.chdir(_project(tmp_path, "jsonschema, python-models"))
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    assert stele(capsys, "generate")[0] == 0
    code, out, err = stele(capsys, "test", "--output", "json")
    doc = json.loads(out)
    assert (code, doc["results"], err) == (0, [], "")
    assert {"examples acme.mail.Mail", "examples acme.mail.MailSent"} <= set(doc["checks"])
