"""Small IR fixtures, one per Protobuf construct, shared by the lock and protobuf emitter tests.

Built by hand so the emitter is tested independently of the loader. Spans point at made-up lines
of `contracts/<case>.yaml` so diagnostics can be asserted exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stele.config import Options
from stele.emit.base import EmitContext
from stele.ir import (
    Decimal,
    Enum,
    EnumSymbol,
    Field,
    ListOf,
    MapOf,
    NamedType,
    Operation,
    Package,
    Project,
    Record,
    Ref,
    Reserved,
    Scalar,
    Service,
    Span,
    Style,
    TypeExpr,
    Union,
    Variant,
)
from stele.lock import LockFile, TypeLock, apply_lock

FILE = "contracts/case.yaml"


# The helpers below pass their keyword arguments on to the IR dataclasses: `**kw: Any` stands
# for any of those classes' optional fields.


def at(line: int, column: int = 7) -> Span:
    return Span(FILE, line, column)


def s(name: str) -> Scalar:
    return Scalar(name)


def f(name: str, type_: TypeExpr, line: int, **kw: Any) -> Field:
    return Field(name, type_, at(line), **kw)


def rec(name: str, fields: list[Field], line: int = 1, **kw: Any) -> Record:
    package = kw.pop("package", ".".join(name.split(".")[:2]))
    return Record(name, str(package), tuple(fields), at(line, 3), **kw)


def enum(name: str, symbols: list[str | EnumSymbol], line: int = 1, **kw: Any) -> Enum:
    package = str(kw.pop("package", ".".join(name.split(".")[:2])))
    built = tuple(
        sym if isinstance(sym, EnumSymbol) else EnumSymbol(sym, at(line + 1 + i))
        for i, sym in enumerate(symbols)
    )
    return Enum(name, package, built, at(line, 3), **kw)


def union(name: str, variants: dict[str, str], line: int = 1, **kw: Any) -> Union:
    package = str(kw.pop("package", ".".join(name.split(".")[:2])))
    built = tuple(
        Variant(vname, Ref(target), at(line + 1 + i))
        for i, (vname, target) in enumerate(variants.items())
    )
    return Union(name, package, built, at(line, 3), **kw)


def project(*types: NamedType, services: tuple[Service, ...] = ()) -> Project:
    packages = sorted({t.package for t in types} | {sv.package for sv in services})
    return Project(
        packages={p: Package(p, f"contracts/{p.split('.')[-1]}.yaml", at(1, 1)) for p in packages},
        types={t.name: t for t in types},
        messages={},
        channels={},
        services={sv.name: sv for sv in services},
    )


def context(p: Project) -> EmitContext:
    return EmitContext(p, Options(), {}, {name: pkg.file for name, pkg in p.packages.items()})


# ---------------------------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------------------------


def scalars() -> tuple[Project, LockFile]:
    fields = [
        f(n, s(n), 10 + i)
        for i, n in enumerate(
            ["bool", "int32", "int64", "float32", "float64", "string", "bytes", "uuid", "date"]
        )
    ]
    fields += [
        f("created_at", s("timestamp"), 20),
        f("ttl", s("duration"), 21),
        f("amount", Decimal(12, 2), 22),
    ]
    return project(rec("shop.scalars.AllScalars", fields)), LockFile()


def enums() -> tuple[Project, LockFile]:
    state = enum(
        "shop.enums.OrderState",
        ["APPROVAL_PENDING", "APPROVED", EnumSymbol("REJECTED", at(5), number=7)],
        doc="Where an order is in its life.",
        default="APPROVAL_PENDING",
    )
    brand = enum("shop.enums.HTTPCardBrand", ["VISA", "AMEX"], line=8)
    holder = rec(
        "shop.enums.Order",
        [f("state", Ref(state.name), 12), f("brand", Ref(brand.name), 13, optional=True)],
        line=11,
    )
    return project(state, brand, holder), LockFile()


def nested() -> tuple[Project, LockFile]:
    order = rec(
        "shop.nested.Order",
        [
            f("lines", ListOf(Ref("shop.nested.Order.Line")), 2),
            f("status", Ref("shop.nested.Order.Status"), 3),
            f("summary", Ref("shop.nested.Line"), 4),
        ],
    )
    line = rec(
        "shop.nested.Order.Line",
        [f("sku", s("string"), 7), f("audit", Ref("shop.nested.Order.Line.Audit"), 8)],
        line=6,
        parent=order.name,
    )
    audit = rec(
        "shop.nested.Order.Line.Audit", [f("by", s("string"), 10)], line=9, parent=line.name
    )
    status = enum("shop.nested.Order.Status", ["OPEN", "CLOSED"], line=11, parent=order.name)
    top_line = rec("shop.nested.Line", [f("text", s("string"), 15)], line=14)
    return project(order, line, audit, status, top_line), LockFile()


def unions() -> tuple[Project, LockFile]:
    card = rec("shop.unions.CardPayment", [f("last4", s("string"), 2)])
    voucher = rec("shop.unions.VoucherPayment", [f("code", s("string"), 5)], line=4)
    method = union(
        "shop.unions.PaymentMethod",
        {"card": card.name, "gift_voucher": voucher.name},
        line=7,
        discriminator="method",
        doc="How a consumer pays.",
    )
    payment = rec("shop.unions.Payment", [f("method", Ref(method.name), 12)], line=11)
    return project(card, voucher, method, payment), LockFile()


def collections() -> tuple[Project, LockFile]:
    kind = enum("shop.collections.Kind", ["SMALL", "LARGE"])
    item = rec("shop.collections.Item", [f("name", s("string"), 5)], line=4)
    basket = rec(
        "shop.collections.Basket",
        [
            f("tags", ListOf(s("string")), 8),
            f("items", ListOf(Ref(item.name)), 9),
            f("labels", MapOf(s("string")), 10),
            f("items_by_sku", MapOf(Ref(item.name)), 11),
            f("kinds", MapOf(Ref(kind.name)), 12),
            f("stamps", ListOf(s("timestamp")), 13),
            f("prices", MapOf(Decimal(10, 2)), 14),
        ],
        line=7,
    )
    return project(kind, item, basket), LockFile()


def optional_presence() -> tuple[Project, LockFile]:
    kind = enum("shop.presence.Kind", ["SMALL"])
    note = rec("shop.presence.Note", [f("text", s("string"), 4)], line=3)
    holder = rec(
        "shop.presence.Holder",
        [
            f("count", s("int32"), 7, optional=True),
            f("label", s("string"), 8, optional=True),
            f("kind", Ref(kind.name), 9, optional=True),
            f("note", Ref(note.name), 10, optional=True),
            f("seen_at", s("timestamp"), 11, optional=True),
            f("price", Decimal(8, 2), 12, optional=True),
            f("plain", s("int32"), 13),
        ],
        line=6,
    )
    return project(kind, note, holder), LockFile()


def reserved() -> tuple[Project, LockFile]:
    """Source reservations plus a field and a symbol removed since the lock was written."""
    order = rec(
        "shop.reserved.Order",
        [f("id", s("string"), 2), f("customer_note", s("string"), 3, renamed_from=("note",))],
        reserved=Reserved(((7, 7), (9, 11)), ("old_state",), at(4)),
    )
    state = enum(
        "shop.reserved.State",
        ["OPEN"],
        line=6,
        reserved=Reserved(((4, 4),), ("DINERS",), at(8)),
    )
    lock = LockFile(
        {
            order.name: TypeLock("record", {"id": 1, "note": 2, "legacy_code": 3}),
            state.name: TypeLock("enum", {"OPEN": 1, "CLOSED": 2}),
        }
    )
    return project(order, state), lock


def deprecation() -> tuple[Project, LockFile]:
    old = enum(
        "shop.deprecation.Color",
        ["RED", EnumSymbol("BLUE", at(3), deprecated="")],
        deprecated="colors are themes now",
    )
    legacy = rec(
        "shop.deprecation.Legacy",
        [
            f("code", s("string"), 6, deprecated="use id instead"),
            f("flag", s("bool"), 7, deprecated=""),
            f("id", s("string"), 8),
        ],
        line=5,
        deprecated="",
    )
    service = Service(
        "shop.deprecation.LegacyService",
        "shop.deprecation",
        (
            Operation(
                "GetLegacy",
                "shop.deprecation.LegacyService",
                Style.REQUEST_RESPONSE,
                at(12),
                request=legacy.name,
                response=legacy.name,
                deprecated="call GetItem",
            ),
        ),
        at(11, 3),
    )
    return project(old, legacy, services=(service,)), LockFile()


def docs() -> tuple[Project, LockFile]:
    item = rec(
        "shop.docs.Item",
        [
            f("name", s("string"), 3, doc="Shown to the consumer.\n\nAt most 80 characters."),
            f("kind", Ref("shop.docs.Kind"), 4, doc="What kind of item."),
        ],
        doc="One item on a menu.\nPrices live elsewhere.",
    )
    kind = enum(
        "shop.docs.Kind",
        [EnumSymbol("DISH", at(7), doc="Cooked food."), "DRINK"],
        line=6,
        doc="Kinds of menu items.",
    )
    return project(item, kind), LockFile()


def imports() -> tuple[Project, LockFile]:
    money = rec(
        "shop.common.Money",
        [f("amount", Decimal(12, 2), 2), f("currency", s("string"), 3)],
        package="shop.common",
    )
    unused = rec("shop.common.Address", [f("street", s("string"), 6)], line=5)
    order = rec(
        "shop.order.Order",
        [f("total", Ref(money.name), 9), f("placed_at", s("timestamp"), 10)],
        line=8,
    )
    return project(money, unused, order), LockFile()


def service() -> tuple[Project, LockFile]:
    request = rec("shop.service.GetOrderRequest", [f("order_id", s("uuid"), 2)])
    order = rec("shop.service.Order", [f("id", s("uuid"), 5)], line=4)
    money = rec("shop.billing.Money", [f("cents", s("int64"), 8)], line=7)
    name = "shop.service.OrderService"
    ops = (
        Operation(
            "GetOrder",
            name,
            Style.REQUEST_RESPONSE,
            at(12),
            doc="Fetch one order.",
            request=request.name,
            response=order.name,
        ),
        Operation("ListOrders", name, Style.REQUEST_RESPONSE, at(13), response=order.name),
        Operation("Ping", name, Style.REQUEST_RESPONSE, at(14)),
        Operation(
            "Total", name, Style.REQUEST_RESPONSE, at(15), request=request.name, response=money.name
        ),
        Operation("CreateOrder", name, Style.ASYNC_REQUEST_RESPONSE, at(16), message="x.Y"),
    )
    svc = Service(name, "shop.service", ops, at(11, 3), doc="Owns orders.")
    return project(request, order, money, services=(svc,)), LockFile()


CASES: dict[str, Callable[[], tuple[Project, LockFile]]] = {
    "scalars": scalars,
    "enums": enums,
    "nested": nested,
    "unions": unions,
    "collections": collections,
    "optional_presence": optional_presence,
    "reserved": reserved,
    "deprecation": deprecation,
    "docs": docs,
    "imports": imports,
    "service": service,
}


def locked_case(name: str) -> tuple[Project, LockFile]:
    """A case with its numbers applied; fails loudly if the fixture itself is wrong."""
    p, lock = CASES[name]()
    numbered, new_lock, diagnostics = apply_lock(p, lock, "compat/stele.lock")
    assert diagnostics == [], diagnostics
    return numbered, new_lock
