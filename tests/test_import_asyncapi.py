"""`stele import asyncapi`: one construct at a time with its exact contract YAML or diagnostic,
a realistic AsyncAPI 3 document with replies proven compatible both ways, a proof that is no
formality, hostile documents, and the bundled example's own generated AsyncAPI round-tripped."""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from _console import stele_in
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "import_asyncapi"
HEADER = "# Imported by `stele import asyncapi` from ../in/api.yaml. Edit freely: this is the source now.\n"


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    (project / "stele.yaml").write_text("sources: [contracts]\n", encoding="utf-8")
    return project


def _import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], document: str, *args: str
) -> tuple[int, str, str, dict[str, str]]:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "api.yaml").write_text(document, encoding="utf-8")
    project = _project(tmp_path)
    code, out, err = stele_in(project, capsys, "import", "asyncapi", "../in/api.yaml", *args)
    folder = project / "contracts"
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.yaml"))}
    return code, out, err, files


ENVELOPE = """\
    Envelope:
      type: object
      properties:
        message_id: {type: string, format: uuid}
        message_type: {type: string}
        timestamp: {type: string, format: date-time}
        content_type: {type: string}
        correlation_id: {type: string, format: uuid}
        causation_id: {type: string, format: uuid}
        reply_to: {type: string}
        tenant_id: {type: string, description: The tenant.}
      required: [message_id, message_type, timestamp, content_type, tenant_id]
"""

EVENTS = (
    """\
asyncapi: 3.0.0
info: {title: Shop Service, version: 1.0.0}
channels:
  orderEvents:
    address: shop.orders
    description: What happens to orders.
    messages:
      placed: {$ref: '#/components/messages/OrderPlaced'}
operations:
  publishPlaced:
    action: send
    summary: Announces a placed order.
    channel: {$ref: '#/channels/orderEvents'}
    messages: [{$ref: '#/channels/orderEvents/messages/placed'}]
components:
  correlationIds:
    byHeader: {location: '$message.header#/correlation_id'}
  messages:
    OrderPlaced:
      name: OrderPlaced
      summary: An order was placed.
      correlationId: {$ref: '#/components/correlationIds/byHeader'}
      headers: {$ref: '#/components/schemas/Envelope'}
      payload: {$ref: '#/components/schemas/Order'}
      examples:
        - name: one
          headers: {tenant_id: acme}
          payload: {id: 6f1c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f, total: 3}
  schemas:
"""
    + ENVELOPE
    + """\
    Order:
      type: object
      properties:
        id: {type: string, format: uuid}
        total: {type: integer, format: int32, minimum: -2147483648, maximum: 2147483647}
      required: [id, total]
"""
)


def test_an_event_publisher_is_a_service_channel_message_and_headers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err, files = _import(tmp_path, capsys, EVENTS)
    assert (code, err) == (0, "")
    assert out == (
        "imported 1 package from 1 file into contracts/ (0 approximations)\n"
        "fidelity (asyncapi, 1 comparison, both directions): compatible both ways\n"
    )
    assert files == {
        "shop_service.yaml": HEADER
        + """\
package: shop_service

types:
  Order:
    fields:
      id: uuid
      total: int32

messages:
  OrderPlaced:
    kind: event
    body: Order
    doc: "An order was placed."
    headers:
      tenant_id: {type: string, required: true, doc: "The tenant."}
    examples:
      - {name: one, headers: {"tenant_id": "acme"}, body: {"id": "6f1c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f", "total": 3}}

channels:
  order-events:
    style: publish-subscribe
    owner: ShopService
    address: shop.orders
    messages: [OrderPlaced]
    doc: "What happens to orders."

services:
  ShopService:
    operations:
      PublishPlaced:
        doc: "Announces a placed order."
        style: publish-subscribe
        role: send
        message: OrderPlaced
        channel: "order-events"
"""
    }


def test_the_package_and_kind_can_be_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = EVENTS.replace(
        "      name: OrderPlaced\n", "      name: OrderPlaced\n      x-stele-kind: document\n"
    )
    code, _, err, files = _import(tmp_path, capsys, document, "--package", "acme.shop")
    assert (code, err) == (0, "")
    (text,) = files.values()
    assert "package: acme.shop\n" in text
    assert "    kind: document\n" in text
    assert list(files) == ["shop.yaml"]


@pytest.mark.parametrize("address", ["shop.orders", None])
def test_a_channel_named_by_a_reserved_word_is_renamed_and_keeps_its_address(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], address: str | None
) -> None:
    """`returns` is a Protobuf keyword (S110): the channel is `returns-channel`, at the address
    the document gives, or at `returns` when it gives none (which is an approximation of its
    own, I019, as for any channel without an address)."""
    document = EVENTS.replace("orderEvents", "returns")
    if address is None:
        document = document.replace("    address: shop.orders\n", "")
    code, out, err, files = _import(tmp_path, capsys, document)
    assert err.startswith(
        "../in/api.yaml:4:3: warning I010 channel 'returns' is imported as 'returns-channel'\n"
    )
    assert "S110" not in out
    if address is not None:
        assert code == 0
        assert out.endswith("(asyncapi, 1 comparison, both directions): compatible both ways\n")
    else:
        assert "warning I019 channel 'returns' has no address" in err
    (text,) = files.values()
    channel = "  returns-channel:\n    style: publish-subscribe\n    owner: ShopService\n"
    assert f"{channel}    address: {address or 'returns'}\n" in text
    assert '        channel: "returns-channel"\n' in text


REQUEST_REPLY = """\
asyncapi: 3.0.0
info: {title: Kitchen, version: 1.0.0}
channels:
  commands:
    address: kitchen.commands
    messages:
      cook: {$ref: '#/components/messages/Cook'}
  replies:
    address: kitchen.replies
    messages:
      cooked: {$ref: '#/components/messages/Cooked'}
operations:
  cook:
    action: receive
    channel: {$ref: '#/channels/commands'}
    reply:
      channel: {$ref: '#/channels/replies'}
components:
  correlationIds:
    byHeader: {location: '$message.header#/correlation_id'}
  messages:
    Cook:
      correlationId: {$ref: '#/components/correlationIds/byHeader'}
      payload: {type: object, properties: {dish: {type: string}}, required: [dish]}
    Cooked:
      correlationId: {$ref: '#/components/correlationIds/byHeader'}
      payload: {type: object, properties: {ready: {type: boolean}}, required: [ready]}
"""


def test_a_reply_is_an_async_request_response_with_command_and_reply_kinds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err, files = _import(tmp_path, capsys, REQUEST_REPLY)
    assert (code, err) == (0, "")
    assert "compatible both ways" in out
    assert files["kitchen.yaml"].split("\nmessages:\n", 1)[1] == (
        """\
  Cook:
    kind: command
    body: CookPayload
  Cooked:
    kind: reply
    body: CookedPayload

channels:
  commands:
    style: point-to-point
    owner: KitchenService
    address: kitchen.commands
    messages: [Cook]
  replies:
    style: point-to-point
    owner: KitchenService
    address: kitchen.replies
    messages: [Cooked]

services:
  KitchenService:
    operations:
      Cook:
        style: async-request-response
        message: Cook
        channel: commands
        reply: Cooked
        reply_channel: replies
"""
    )


def test_a_runtime_reply_address_is_an_approximation_the_proof_confirms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = REQUEST_REPLY.replace(
        "    reply:\n      channel:",
        "    reply:\n      address: {location: '$message.header#/replyTo'}\n      channel:",
    ).replace("    address: kitchen.replies\n", "    address: null\n")
    code, out, err, files = _import(tmp_path, capsys, document)
    assert code == 1
    assert err == (
        "../in/api.yaml:8:3: warning I019 channel 'replies' has no address (chosen at run time):"
        " its address is its name 'replies'\n"
        "    hint: stele channels have a fixed address\n"
        "../in/api.yaml:13:3: warning I019 operation 'cook': the reply address chosen at run"
        " time ($message.header#/replyTo) becomes the fixed reply channel\n"
        "    hint: stele names a reply channel; requesters may still set"
        " $message.header#/reply_to\n"
    )
    assert "error asyncapi-reply-address-changed" in out
    assert "error I900" in out and "2 approximations were reported above" in out
    text = files["kitchen.yaml"]
    assert "  # stele import: I019 channel 'replies' has no address" in text
    assert "      # stele import: I019 operation 'cook': the reply address" in text


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            (
                "      payload: {type: object, properties: {dish",
                "      contentType: application/avro\n      payload: {type: object, properties: {dish",
            ),
            "warning I019 message 'Cook': content type application/avro becomes application/json",
        ),
        (
            (
                "    Cook:\n      correlationId: {$ref: '#/components/correlationIds/byHeader'}\n",
                "    Cook:\n",
            ),
            "warning I019 message 'Cook' has no correlation id: stele declares one",
        ),
        (
            (
                "  commands:\n    address: kitchen.commands\n",
                "  commands:\n    address: kitchen.commands\n    parameters: {id: {}}\n",
            ),
            "warning I012 channel 'commands': parameters are not imported",
        ),
        (
            (
                "asyncapi: 3.0.0\n",
                "asyncapi: 3.0.0\nservers: {prod: {host: 'broker:5672', protocol: amqp}}\n",
            ),
            "warning I012 servers are not imported",
        ),
        (
            (
                "      payload: {type: object, properties: {dish",
                "      headers: {type: object, properties: {trace: {type: object}}}\n      payload: {type: object, properties: {dish",
            ),
            "warning I012 message 'Cook': header 'trace' is not a scalar: not imported",
        ),
        (
            (
                "      payload: {type: object, properties: {dish",
                "      headers: {type: object, properties: {traceId: {type: string}}}\n      payload: {type: object, properties: {dish",
            ),
            "warning I010 header 'traceId' is imported as 'trace_id': its name on the wire changes",
        ),
        (
            (
                "      payload: {type: object, properties: {dish",
                "      headers: {type: object, properties: {tenant: {type: string}}}\n"
                "      payload: {type: object, properties: {dish",
            ),
            "warning I019 message 'Cook': stele adds the required envelope headers message_id,"
            " message_type, timestamp, content_type the document does not declare",
        ),
        (
            (
                "      cook: {$ref: '#/components/messages/Cook'}\n",
                "      cook: {$ref: '#/components/messages/Cook'}\n"
                "      cooked: {$ref: '#/components/messages/Cooked'}\n",
            ),
            "warning I019 operation 'cook' has 2 messages: one operation per message",
        ),
        (
            (
                "    action: receive\n",
                "    action: receive\n    traits: [{summary: x}]\n",
            ),
            "warning I012 operation 'cook': traits are not imported",
        ),
        (
            (
                "  commands:\n    address: kitchen.commands\n",
                "  commands:\n    address: kitchen.commands\n    servers: [{$ref: '#/x'}]\n",
            ),
            "warning I012 channel 'commands': its servers are not imported",
        ),
        (
            (
                "    action: receive\n",
                "    action: receive\n    bindings: {kafka: {groupId: {type: string}}}\n",
            ),
            "warning I012 operation 'cook': the kafka binding's groupId are not imported",
        ),
        (
            (
                "      payload: {type: object, properties: {ready",
                "      payload: {schemaFormat: application/vnd.apache.avro;version=1.9.0, schema: {type: record}}\n      x-was: {type: object, properties: {ready",
            ),
            "warning I012 message 'Cooked': a payload of schema format application/vnd.apache.avro",
        ),
    ],
)
def test_each_lost_construct_is_a_located_warning(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: tuple[str, str],
    expected: str,
) -> None:
    assert change[0] in REQUEST_REPLY
    _, _, err, _ = _import(tmp_path, capsys, REQUEST_REPLY.replace(*change, 1))
    assert "../in/api.yaml:" in err
    assert expected in err, err


@pytest.mark.parametrize(
    ("document", "code", "message"),
    [
        ("asyncapi: 2.6.0\ninfo: {title: x, version: '1'}\n", "I006", "not an AsyncAPI 3.0"),
        ("openapi: 3.1.0\n", "I006", "not an AsyncAPI 3.0"),
        (
            REQUEST_REPLY.replace("$ref: '#/components/messages/Cook'", "$ref: 'other.yaml#/x'"),
            "I007",
            "leaves the document",
        ),
        (
            REQUEST_REPLY.replace("$ref: '#/components/messages/Cook'", "$ref: '#/nowhere'"),
            "I007",
            "resolves nowhere",
        ),
        (
            REQUEST_REPLY.replace(
                "  messages:\n    Cook:\n",
                "  messages:\n    Loop: {$ref: '#/components/messages/Loop'}\n    Cook:\n",
            ).replace("$ref: '#/components/messages/Cook'", "$ref: '#/components/messages/Loop'"),
            "I007",
            "is a loop",
        ),
    ],
)
def test_hostile_documents_are_refused_and_nothing_is_written(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    document: str,
    code: str,
    message: str,
) -> None:
    status, out, err, files = _import(tmp_path, capsys, document)
    assert (status, out, files) == (2, "", {})
    assert err.startswith("../in/api.yaml:") and f"error {code} " in err and message in err


def test_a_realistic_document_with_replies_is_proven_both_ways(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(DATA / "payments", tmp_path / "in")
    project = _project(tmp_path)
    code, out, err = stele_in(project, capsys, "import", "asyncapi", "../in")
    assert (code, err) == (0, "")
    assert out == (
        "imported 1 package from 1 file into contracts/ (0 approximations)\n"
        "fidelity (asyncapi, 1 comparison, both directions): compatible both ways\n"
    )
    text = (project / "contracts" / "payments_service.yaml").read_text(encoding="utf-8")
    assert '        reply: PaymentAuthorized\n        reply_channel: "payment-replies"\n' in text
    assert "      amqp: {exchange: payments}\n" in text and "      kafka: {partitions: 6}\n" in text
    assert "Envelope" not in text  # a headers-only schema is no type
    # the example goes through every codec and comes back the same
    code, out, err = stele_in(project, capsys, "test")
    assert code == 0, out + err
    code, _, _ = stele_in(project, capsys, "generate", "--format", "asyncapi")
    regenerated = json.loads(
        (project / "codegen/asyncapi/payments_service.PaymentsService.json").read_text()
    )
    example = regenerated["components"]["messages"]["payments_service.AuthorizePayment"]
    assert example["examples"][0]["payload"] == {
        "payment_id": "6f1c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f",
        "amount": {"amount": "50.00", "currency": "EUR"},
        "card_token": "tok_42",
    }


def test_the_proof_finds_contracts_that_mean_something_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from stele.config import Config
    from stele.importer.asyncapi import import_asyncapi
    from stele.importer.fidelity import prove
    from stele.importer.lock_entries import imported_lock
    from stele.importer.run import contract_files
    from stele.importer.sources import read_sources

    sources = read_sources((DATA / "payments",), (".yaml",))
    imported = import_asyncapi(sources, None, False)
    files = contract_files(imported, {})
    lock = imported_lock(imported, None)
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        config = Config(root=tmp_path)
        assert prove(
            config, "asyncapi", files, lock, sources, (), imported.counterparts, imported.aliases
        ).compatible
        for before, after in [
            ("      card_token: {type: string", "      card_token: {type: int32"),
            ("    address: payments.events\n", "    address: payments.other\n"),
            (
                '        reply_channel: "payment-replies"\n',
                '        reply_channel: "payment-events"\n',
            ),
        ]:
            text = files["payments_service.yaml"]
            assert before in text
            changed = {"payments_service.yaml": text.replace(before, after)}
            proof = prove(
                config,
                "asyncapi",
                changed,
                lock,
                sources,
                (),
                imported.counterparts,
                imported.aliases,
            )
            assert not proof.compatible, before
    finally:
        os.chdir(old)


def test_the_example_projects_asyncapi_round_trips(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "codegen" / "asyncapi", tmp_path / "asyncapi")
    project = _project(tmp_path)
    code, out, err = stele_in(project, capsys, "import", "asyncapi", "../asyncapi")
    assert (code, err) == (0, "")
    assert "fidelity (asyncapi, 1 comparison, both directions): compatible both ways" in out
    names = sorted(p.name for p in (project / "contracts").iterdir())
    assert names == sorted(p.name for p in (ROOT / "contracts").glob("*.yaml"))
    code, _, _ = stele_in(project, capsys, "generate", "--format", "asyncapi")
    assert code == 0
    for original in sorted((ROOT / "codegen" / "asyncapi").glob("*.json")):
        again = (project / "codegen" / "asyncapi" / original.name).read_text(encoding="utf-8")
        # The one difference docs/import.md lists: the version comes from the project's releases.
        expected = original.read_text(encoding="utf-8").replace(
            '"version": "1.1.0"', '"version": "0.0.0"'
        )
        assert again == expected, original.name


def _paths(value: object, at: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [at]
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, (*at, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _paths(v, (*at, i))
    return found


_KITCHEN = json.loads(
    (ROOT / "codegen" / "asyncapi" / "food.kitchen.KitchenService.json").read_text()
)
_WHERE = _paths(_KITCHEN)[1:]
_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-2, 2)
    | st.sampled_from(["", "#", "#/channels", "#/components/messages/x", "send", "x.y.Z"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["$ref", "type", "properties", "a"]), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(changes=st.lists(st.tuples(st.sampled_from(_WHERE), _VALUES), min_size=1, max_size=3))
def test_any_mangled_document_is_imported_or_refused_never_a_crash(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    changes: list[tuple[tuple[Any, ...], object]],
) -> None:
    doc = copy.deepcopy(_KITCHEN)
    for path, value in changes:
        node: Any = doc
        for step in path[:-1]:
            if (
                not isinstance(node, (dict, list))
                or (isinstance(node, list) and not (isinstance(step, int) and step < len(node)))
                or (isinstance(node, dict) and step not in node)
            ):
                break
            node = node[step]
        else:
            # An earlier change may have put a list where this path's last step is a key.
            last = path[-1]
            if isinstance(node, dict) or (
                isinstance(node, list) and isinstance(last, int) and last < len(node)
            ):
                node[last] = value
    project = _project(tmp_path_factory.mktemp("fuzz"))
    (project / "x.json").write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = stele_in(project, capsys, "import", "asyncapi", "x.json", "--no-proof")
    assert code in (0, 2), err
    assert "internal error" not in err and "Traceback" not in err


def test_gathered_replies_and_a_sent_command_take_their_styles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = (DATA / "courier.asyncapi.yaml").read_text(encoding="utf-8")
    code, out, err, files = _import(tmp_path, capsys, document)
    assert (code, err) == (0, "")
    assert "compatible both ways" in out
    text = files["courier.yaml"]
    assert "  offers-wanted:\n    style: publish-subscribe\n" in text
    assert "  notify:\n    style: point-to-point\n" in text
    assert text.split("\nservices:\n", 1)[1] == (
        """\
  CourierService:
    operations:
      GatherOffers:
        style: publish-async-responses
        role: send
        message: OffersWanted
        channel: "offers-wanted"
        reply: Offer
        reply_channel: offers
        window: PT45S
      SendPing:
        style: notification
        role: send
        message: Ping
        channel: notify
"""
    )
