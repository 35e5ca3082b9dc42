"""Running every rule over one pairing, for one direction and category."""

from __future__ import annotations

from stele.compat.model import Direction, Finding, sort_findings
from stele.compat.protobuf._context import Context
from stele.compat.protobuf._contract_checks import CONTRACT_CHECKS, UNION_CHECKS
from stele.compat.protobuf._decl_checks import DECLARATION_CHECKS, SERVICE_CHECKS
from stele.compat.protobuf._descriptors import ProtoSchema
from stele.compat.protobuf._field_checks import EXTENSION_CHECKS, FIELD_CHECKS
from stele.compat.protobuf._member_checks import (
    ENUM_CHECKS,
    MESSAGE_CHECKS,
    extensions_number_changed,
)
from stele.compat.protobuf._option_checks import (
    FILE_CHECKS,
    enum_options_changed,
    message_options_changed,
    rpc_options_changed,
)
from stele.compat.protobuf._pairing import pair


def run_rules(
    old: ProtoSchema, new: ProtoSchema, direction: Direction, category: str
) -> list[Finding]:
    ctx = Context(pair(old, new), direction, category)
    findings: list[Finding] = []
    for declaration_check in (
        *DECLARATION_CHECKS, *FILE_CHECKS, extensions_number_changed, *CONTRACT_CHECKS,
    ):  # fmt: skip
        findings.extend(declaration_check(ctx))
    for messages in ctx.pairing.messages:
        for message_check in (*MESSAGE_CHECKS, message_options_changed, *UNION_CHECKS):
            findings.extend(message_check(ctx, messages))
        for fields in messages.fields.same_number:
            for field_check in FIELD_CHECKS:
                findings.extend(field_check(ctx, messages, fields))
    for enums in ctx.pairing.enums:
        for enum_check in (*ENUM_CHECKS, enum_options_changed):
            findings.extend(enum_check(ctx, enums))
    for services in ctx.pairing.services:
        for service_check in (*SERVICE_CHECKS, rpc_options_changed):
            findings.extend(service_check(ctx, services))
    for extensions in ctx.pairing.extensions:
        for extension_check in EXTENSION_CHECKS:
            findings.extend(extension_check(ctx, None, extensions))
    return sort_findings(findings)
