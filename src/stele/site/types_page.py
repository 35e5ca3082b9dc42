"""The page of a named type: a record's fields, an enum's symbols, a union's variants."""

from __future__ import annotations

from stele.ir import Enum, Example, NamedType, Record, Union
from stele.site.context import Context
from stele.site.html import code_block, deprecated_note, doc_block, esc, link, page, table

ROOT = "../"


def type_page(ctx: Context, t: NamedType) -> bytes:
    kind = "record" if isinstance(t, Record) else "enum" if isinstance(t, Enum) else "union"
    parts = [
        f'<p><span class="tag">{kind}</span> in package '
        f"{link(ROOT, 'packages', t.package)}"
        + (f", nested in {link(ROOT, 'types', t.parent)}" if t.parent else "")
        + "</p>",
        deprecated_note(t.deprecated),
        doc_block(t.doc),
    ]
    if t.renamed_from:
        parts.append(f"<p>Formerly: {esc(', '.join(t.renamed_from))}</p>")
    if isinstance(t, Record):
        parts.append(_fields(ctx, t))
    elif isinstance(t, Enum):
        parts.append(_symbols(t))
    else:
        parts.append(_variants(ctx, t))
    parts.append(examples_html(t.examples))
    parts.append(referrers_html(ctx, t.name))
    parts.append(ctx.artifact_links(ctx.artifacts_of(t.name, t.package), ROOT))
    return page(t.name, "\n".join(p for p in parts if p), ROOT, ctx.title)


def _fields(ctx: Context, t: Record) -> str:
    rows = []
    for f in t.fields:
        notes = [doc_block(f.doc), deprecated_note(f.deprecated)]
        if f.relation is not None:
            notes.append(
                f"<p>Identifies a {link(ROOT, 'types', f.relation.target)}; "
                f"<code>?expand={esc(f.relation.name)}</code> embeds it.</p>"
            )
        if f.renamed_from:
            notes.append(f"<p>Formerly: {esc(', '.join(f.renamed_from))}</p>")
        if f.examples:
            notes.append(examples_html(f.examples, heading=False))
        rows.append(
            [
                f'<code id="field-{esc(f.name)}">{esc(f.name)}</code>',
                ctx.type_html(f.type, ROOT),
                '<span class="num">' + ("" if f.number is None else str(f.number)) + "</span>",
                # The name of every JSON form, Protobuf's included: the emitter writes it as
                # the field's json_name where protoc would derive another.
                f"<code>{esc(f.json_name)}</code>",
                f"<code>{esc(f.name)}</code>",
                "optional" if f.optional else "required",
                code_block(f.default) if f.has_default else "",
                "".join(notes),
            ]
        )
    head = (
        "field",
        "type",
        "Protobuf number",
        "JSON name (JSON Schema, OpenAPI, AsyncAPI, Protobuf JSON)",
        "Avro name",
        "presence",
        "default",
        "notes",
    )
    reserved = ""
    if t.reserved.numbers or t.reserved.names:
        numbers = ", ".join(f"{lo}" if lo == hi else f"{lo}-{hi}" for lo, hi in t.reserved.numbers)
        reserved = f"<p>Reserved: {esc(', '.join(filter(None, [numbers, *t.reserved.names])))}</p>"
    return "<h2>Fields</h2>" + table(head, rows) + reserved


def _symbols(t: Enum) -> str:
    rows = [
        [
            f"<code>{esc(s.name)}</code>",
            "" if s.number is None else str(s.number),
            doc_block(s.doc) + deprecated_note(s.deprecated),
        ]
        for s in t.symbols
    ]
    default = f"<p>Default: <code>{esc(t.default)}</code></p>" if t.default else ""
    return "<h2>Symbols</h2>" + table(("symbol", "Protobuf number", "notes"), rows) + default


def _variants(ctx: Context, t: Union) -> str:
    rows = [
        [
            f"<code>{esc(v.name)}</code>",
            ctx.type_html(v.type, ROOT),
            "" if v.number is None else str(v.number),
            doc_block(v.doc),
        ]
        for v in t.variants
    ]
    head = ("variant", "type", "Protobuf number", "notes")
    return f"<h2>Variants</h2><p>Discriminator: <code>{esc(t.discriminator)}</code></p>" + table(
        head, rows
    )


def examples_html(examples: tuple[Example, ...], heading: bool = True) -> str:
    if not examples:
        return ""
    out = ["<h2>Examples</h2>"] if heading else []
    for i, ex in enumerate(examples, 1):
        name = ex.name or f"example {i}"
        out.append(f"<figure><figcaption>{esc(name)}</figcaption>{code_block(ex.value)}</figure>")
    return "".join(out)


def referrers_html(ctx: Context, name: str) -> str:
    found = ctx.referrers.get(name, [])
    if not found:
        return '<h2>Referred to by</h2><p class="muted">Nothing in the project refers to it.</p>'
    items = "".join(
        f'<li>{link(ROOT, section, other)} <span class="muted">({esc(how)})</span></li>'
        for section, other, how in found
    )
    return f"<h2>Referred to by</h2><ul>{items}</ul>"
