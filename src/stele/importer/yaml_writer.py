"""Contract YAML of an imported package: deterministic, one file per package, documentation
kept as `doc:`, and every approximation marked with a comment on its element."""

from __future__ import annotations

import json
import os
import re
from typing import Any

from stele.importer.model import (
    NO_DEFAULT,
    IChannel,
    IEnum,
    IField,
    IMessage,
    IOperation,
    IPackage,
    IRecord,
    IService,
    IType,
)
from stele.source.yaml_nodes import resolve_plain

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.<>?]*")
HEADER = "# Imported by `stele import {fmt}` from {sources}. Edit freely: this is the source now."


def scalar(value: str) -> str:
    """`value` as a YAML scalar that reads back as this string."""
    if _PLAIN.fullmatch(value) and resolve_plain(value) == value:
        return value
    return json.dumps(value, ensure_ascii=False)


def value(v: Any) -> str:
    """A JSON value in YAML flow form (JSON is YAML)."""
    if isinstance(v, str):
        return scalar(v)
    return json.dumps(v, ensure_ascii=False, sort_keys=False)


def _flow(entries: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in entries) + "}"


def _comments(notes: list[str], indent: str) -> list[str]:
    return [f"{indent}# stele import: {n}".replace("\n", " ") for n in notes]


def package_yaml(pkg: IPackage, fmt: str) -> str:
    lines = [HEADER.format(fmt=fmt, sources=_sources(pkg.sources))]
    lines.extend(_comments(pkg.notes, ""))
    lines.append(f"package: {pkg.name}")
    if pkg.doc:
        lines.append(f"doc: {scalar(pkg.doc)}")
    if pkg.types:
        lines.append("")
        lines.append("types:")
        for t in pkg.types.values():
            lines.extend(_type(t, "  "))
    if pkg.messages:
        lines.append("")
        lines.append("messages:")
        for m in pkg.messages.values():
            lines.extend(_message(m, "  "))
    if pkg.channels:
        lines.append("")
        lines.append("channels:")
        for c in pkg.channels.values():
            lines.extend(_channel(c, "  "))
    if pkg.services:
        lines.append("")
        lines.append("services:")
        for s in pkg.services.values():
            lines.extend(_service(s, "  "))
    return "\n".join(lines) + "\n"


def _sources(sources: list[str]) -> str:
    if len(sources) <= 3:
        return ", ".join(sources) or "nothing"
    common = os.path.commonpath(sources) or "."
    return f"{len(sources)} files under {common}"


def _type(t: IType, indent: str) -> list[str]:
    inner = indent + "  "
    out = _comments(t.notes, indent)
    out.append(f"{indent}{t.name}:")
    if t.doc:
        out.append(f"{inner}doc: {scalar(t.doc)}")
    if isinstance(t, IRecord):
        out.extend(_record(t, inner))
    elif isinstance(t, IEnum):
        out.extend(_enum(t, inner))
    else:
        out.append(f"{inner}union:")
        for v in t.variants:
            out.append(f"{inner}  {v.name}: {scalar(v.type)}")
        if t.discriminator:
            out.append(f"{inner}discriminator: {scalar(t.discriminator)}")
        out.extend(_examples(t.examples, inner))
    return out


def _record(r: IRecord, inner: str) -> list[str]:
    out: list[str] = []
    if r.renamed_from:
        out.append(f"{inner}renamed_from: [{', '.join(scalar(n) for n in r.renamed_from)}]")
    if r.fields:
        out.append(f"{inner}fields:")
        for f in r.fields:
            out.extend(_comments(f.notes, inner + "  "))
            out.append(f"{inner}  {f.name}: {_field(f)}")
    else:
        out.append(f"{inner}fields: {{}}")
    if r.reserved:
        out.append(f"{inner}reserved: [{', '.join(scalar(x) for x in r.reserved)}]")
    out.extend(_examples(r.examples, inner))
    if r.nested:
        out.append(f"{inner}types:")
        for t in r.nested.values():
            out.extend(_type(t, inner + "  "))
    return out


def _field(f: IField) -> str:
    expr = f.type + ("?" if f.optional else "")
    entries: list[tuple[str, str]] = []
    if f.default is not NO_DEFAULT:
        entries.append(("default", value(f.default)))
    if f.doc:
        entries.append(("doc", scalar(f.doc)))
    if f.deprecated:
        entries.append(("deprecated", _deprecated(f.deprecated)))
    if f.renamed_from:
        entries.append(("renamed_from", "[" + ", ".join(scalar(n) for n in f.renamed_from) + "]"))
    if f.examples:
        entries.append(("examples", value(f.examples)))
    if f.json is not None:
        entries.append(("json", scalar(f.json)))
    if not entries:
        return scalar(expr)
    return _flow([("type", json.dumps(expr) if "," in expr else scalar(expr)), *entries])


def _enum(e: IEnum, inner: str) -> list[str]:
    out: list[str] = []
    if any(s.doc or s.deprecated for s in e.symbols):
        out.append(f"{inner}enum:")
        for s in e.symbols:
            entries = []
            if s.doc:
                entries.append(("doc", scalar(s.doc)))
            if s.deprecated:
                entries.append(("deprecated", _deprecated(s.deprecated)))
            out.append(f"{inner}  {s.name}: {_flow(entries)}")
    else:
        out.append(f"{inner}enum: [{', '.join(s.name for s in e.symbols)}]")
    if e.default:
        out.append(f"{inner}default: {e.default}")
    if e.reserved:
        out.append(f"{inner}reserved: [{', '.join(scalar(x) for x in e.reserved)}]")
    return out


def _service(s: IService, indent: str) -> list[str]:
    inner = indent + "  "
    out = _comments(s.notes, indent)
    out.append(f"{indent}{s.name}:")
    if s.doc:
        out.append(f"{inner}doc: {scalar(s.doc)}")
    out.append(f"{inner}operations:" + ("" if s.operations else " {}"))
    for op in s.operations:
        out.extend(_comments(op.notes, inner + "  "))
        out.append(f"{inner}  {op.name}:")
        body = inner + "    "
        if op.doc:
            out.append(f"{body}doc: {scalar(op.doc)}")
        out.append(f"{body}style: {op.style}")
        if op.style != "request-response":
            out.extend(_async_operation(op, body))
            continue
        if op.request:
            out.append(f"{body}request: {scalar(op.request)}")
        if op.response:
            out.append(f"{body}response: {scalar(op.response)}")
        if op.errors:
            out.append(f"{body}errors: [{', '.join(str(e) for e in op.errors)}]")
        if not op.grpc:
            out.append(f"{body}grpc: false")
        if op.http:
            out.append(f"{body}http: {_flow([(k, value(v)) for k, v in op.http.items()])}")
    return out


def _async_operation(op: IOperation, body: str) -> list[str]:
    out: list[str] = []
    if op.role:
        out.append(f"{body}role: {op.role}")
    for key in ("message", "channel", "reply", "reply_channel", "window"):
        text = getattr(op, key)
        if text:
            out.append(f"{body}{key}: {scalar(text)}")
    if op.deprecated:
        out.append(f"{body}deprecated: {_deprecated(op.deprecated)}")
    uses = [(k, v) for k, v in (("sends", op.sends), ("publishes", op.publishes)) if v]
    if uses:
        out.append(f"{body}uses:")
        out.extend(f"{body}  {k}: [{', '.join(scalar(n) for n in v)}]" for k, v in uses)
    return out


def _message(m: IMessage, indent: str) -> list[str]:
    inner = indent + "  "
    out = _comments(m.notes, indent)
    out.append(f"{indent}{m.name}:")
    out.append(f"{inner}kind: {m.kind}")
    out.append(f"{inner}body: {scalar(m.body)}")
    if m.doc:
        out.append(f"{inner}doc: {scalar(m.doc)}")
    if m.deprecated:
        out.append(f"{inner}deprecated: {_deprecated(m.deprecated)}")
    if m.headers:
        out.append(f"{inner}headers:")
        for h in m.headers:
            out.extend(_comments(h.notes, inner + "  "))
            entries = [("type", scalar(h.type))]
            if h.required:
                entries.append(("required", "true"))
            if h.doc:
                entries.append(("doc", scalar(h.doc)))
            out.append(f"{inner}  {h.name}: {_flow(entries)}")
    if m.examples:
        out.append(f"{inner}examples:")
        for example in m.examples:
            entries = [(k, value(v)) for k, v in example.items()]
            out.append(f"{inner}  - {_flow(entries)}")
    return out


def _channel(c: IChannel, indent: str) -> list[str]:
    inner = indent + "  "
    out = _comments(c.notes, indent)
    out.append(f"{indent}{c.name}:")
    out.append(f"{inner}style: {c.style}")
    out.append(f"{inner}owner: {scalar(c.owner)}")
    if c.address is not None and c.address != c.name:
        out.append(f"{inner}address: {scalar(c.address)}")
    out.append(f"{inner}messages: [{', '.join(scalar(m) for m in c.messages)}]")
    if c.doc:
        out.append(f"{inner}doc: {scalar(c.doc)}")
    if c.bindings:
        out.append(f"{inner}bindings:")
        for name, binding in c.bindings.items():
            out.append(f"{inner}  {name}: {_flow([(k, value(v)) for k, v in binding.items()])}")
    return out


def _examples(examples: list[Any], inner: str) -> list[str]:
    if not examples:
        return []
    return [f"{inner}examples:", *(f"{inner}  - {value(example)}" for example in examples)]


def _deprecated(reason: bool | str) -> str:
    return scalar(reason) if isinstance(reason, str) else "true"
