"""The rule ids of `stele test` results, with a one-line summary each (docs/testing.md): the
reporters describe them (SARIF rule help), and `stele.testing.rules` makes results only of these.
"""

from __future__ import annotations

TEST_RULES: dict[str, str] = {
    # examples
    "example-jsonschema-invalid": "An example does not match its generated JSON Schema.",
    "example-model-invalid": "An example is rejected by its generated pydantic model.",
    "example-encode-failed": "An example cannot be encoded in a format.",
    "example-round-trip-mismatch": "An example reads back different from a format.",
    # captured messages
    "capture-invalid-record": "A record of a capture cannot be parsed at all.",
    "capture-truncated-record": "A record ends before its declared length or schema.",
    "capture-record-too-large": "A record is larger than the message-size limit; it is skipped.",
    "capture-record-too-deep": "A record nests deeper than the depth limit.",
    "capture-unknown-schema-id": "A framed record's schema id maps to no message.",
    "capture-message-index-mismatch": "A Protobuf framed record's message indexes name another type.",
    "capture-unknown-message-type": "A record's message type is missing or not in the contracts.",
    "capture-body-invalid": "A message body does not match its message's body type.",
    "capture-headers-invalid": "Message headers do not match the message's headers.",
    "capture-missing-correlation-id": "A reply carries no correlation id.",
    "capture-reply-without-request": "A reply's correlation id matches no request in the capture.",
    "capture-missing-reply-to": "An asynchronous request carries no reply_to header.",
    "capture-reply-outside-window": "A reply arrived after the window of its publish/async-responses request.",
    "capture-not-an-event": "A message on a publish-subscribe channel is not an event.",
    "capture-wrong-channel": "A message was captured on a channel that does not carry it.",
    # live brokers (the capture-* rules above judge each message taken off a broker too)
    "broker-unknown-content-type": "A message's content type is none of JSON, Avro or Protobuf.",
    "broker-over-budget": "A message on the broker is larger than its size budget (stele.yaml budgets).",
    "broker-no-reply": "A driven request got no reply within the reply window.",
    "broker-reply-mismatch": "A reply to a driven request has the wrong kind or correlation id.",
    "broker-rejected": "The broker returned a driven message: no queue is bound to its routing key.",
    # live HTTP
    "http-not-implemented": "Every request of an operation got 404, 405 or 501: the service does not implement it.",
    "http-server-error": "The service answered with a 5xx status.",
    "http-status-code": "The service answered with a status the operation does not declare.",
    "http-content-type": "The response's content type is not the one declared.",
    "http-response-schema": "The response body does not match the declared schema.",
    "http-response-headers": "The response headers do not match the declared ones.",
    "http-expand-missing": "A response lacks the related object `expand` asked for.",
    "http-expand-invalid": "An object embedded by `expand` does not match its record schema.",
    "http-check-failed": "Another schemathesis check failed.",
    "http-redirect-refused": "A redirect to another origin was not followed.",
    "http-request-deadline": "A request got no complete answer within its deadline.",
    "http-total-deadline": "The run reached its total deadline; later requests were not sent.",
    "http-response-too-large": "A response body is larger than the cap; it was not read.",
}
