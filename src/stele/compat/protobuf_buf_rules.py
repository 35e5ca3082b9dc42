"""buf's breaking rules and categories, and how a buf.yaml's `breaking:` section selects stele's.

The table is buf's own (`buf config ls-breaking-rules`, v2; v1 has no CSR category and lacks the
three rules of V2_ONLY). A buf.yaml names buf rule ids and categories; stele's Protobuf rules
name their buf equivalents in the catalogue (`stele.compat.protobuf.rules`). A stele finding is
kept when one of its rule's buf equivalents is selected (and not ignored for its file); a stele
rule with no buf equivalent (the stele-generated-file rules) is kept as its category decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from stele.config_keys import PROTOBUF_CATEGORIES

FILE, PACKAGE, WIRE_JSON, WIRE, CSR = "FILE", "PACKAGE", "WIRE_JSON", "WIRE", "CSR"
CATEGORIES = (FILE, PACKAGE, WIRE_JSON, WIRE, CSR)
_F, _P, _J, _W, _C = FILE, PACKAGE, WIRE_JSON, WIRE, CSR

BUF_RULES: dict[str, tuple[str, ...]] = {
    "EXTENSION_NO_DELETE": (_F,),
    "SERVICE_NO_DELETE": (_F,),
    "ENUM_NO_DELETE": (_C, _F),
    "FILE_NO_DELETE": (_C, _F),
    "MESSAGE_NO_DELETE": (_C, _F),
    "ENUM_SAME_TYPE": (_F, _P),
    "FIELD_SAME_CARDINALITY": (_F, _P),
    "FIELD_SAME_CPP_STRING_TYPE": (_F, _P),
    "FIELD_SAME_JAVA_UTF8_VALIDATION": (_F, _P),
    "FIELD_SAME_JSTYPE": (_F, _P),
    "FIELD_SAME_UTF8_VALIDATION": (_F, _P),
    "FILE_SAME_CC_ENABLE_ARENAS": (_F, _P),
    "FILE_SAME_CC_GENERIC_SERVICES": (_F, _P),
    "FILE_SAME_CSHARP_NAMESPACE": (_F, _P),
    "FILE_SAME_GO_PACKAGE": (_F, _P),
    "FILE_SAME_JAVA_GENERIC_SERVICES": (_F, _P),
    "FILE_SAME_JAVA_MULTIPLE_FILES": (_F, _P),
    "FILE_SAME_JAVA_OUTER_CLASSNAME": (_F, _P),
    "FILE_SAME_JAVA_PACKAGE": (_F, _P),
    "FILE_SAME_OBJC_CLASS_PREFIX": (_F, _P),
    "FILE_SAME_OPTIMIZE_FOR": (_F, _P),
    "FILE_SAME_PHP_CLASS_PREFIX": (_F, _P),
    "FILE_SAME_PHP_METADATA_NAMESPACE": (_F, _P),
    "FILE_SAME_PHP_NAMESPACE": (_F, _P),
    "FILE_SAME_PY_GENERIC_SERVICES": (_F, _P),
    "FILE_SAME_RUBY_PACKAGE": (_F, _P),
    "FILE_SAME_SWIFT_PREFIX": (_F, _P),
    "RPC_NO_DELETE": (_F, _P),
    "ENUM_VALUE_NO_DELETE": (_C, _F, _P),
    "EXTENSION_MESSAGE_NO_DELETE": (_C, _F, _P),
    "FIELD_NO_DELETE": (_C, _F, _P),
    "FIELD_SAME_TYPE": (_C, _F, _P),
    "FILE_SAME_SYNTAX": (_C, _F, _P),
    "MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR": (_C, _F, _P),
    "ONEOF_NO_DELETE": (_C, _F, _P),
    "ENUM_SAME_JSON_FORMAT": (_C, _F, _P, _J),
    "ENUM_VALUE_SAME_NAME": (_C, _F, _P, _J),
    "FIELD_SAME_JSON_NAME": (_C, _F, _P, _J),
    "FIELD_SAME_NAME": (_C, _F, _P, _J),
    "MESSAGE_SAME_JSON_FORMAT": (_C, _F, _P, _J),
    "FIELD_SAME_DEFAULT": (_C, _F, _P, _J, _W),
    "FIELD_SAME_ONEOF": (_C, _F, _P, _J, _W),
    "FILE_SAME_PACKAGE": (_C, _F, _P, _J, _W),
    "MESSAGE_SAME_REQUIRED_FIELDS": (_C, _F, _P, _J, _W),
    "RESERVED_ENUM_NO_DELETE": (_C, _F, _P, _J, _W),
    "RESERVED_MESSAGE_NO_DELETE": (_C, _F, _P, _J, _W),
    "RPC_SAME_CLIENT_STREAMING": (_C, _F, _P, _J, _W),
    "RPC_SAME_IDEMPOTENCY_LEVEL": (_C, _F, _P, _J, _W),
    "RPC_SAME_REQUEST_TYPE": (_C, _F, _P, _J, _W),
    "RPC_SAME_RESPONSE_TYPE": (_C, _F, _P, _J, _W),
    "RPC_SAME_SERVER_STREAMING": (_C, _F, _P, _J, _W),
    "PACKAGE_ENUM_NO_DELETE": (_P,),
    "PACKAGE_EXTENSION_NO_DELETE": (_P,),
    "PACKAGE_MESSAGE_NO_DELETE": (_P,),
    "PACKAGE_NO_DELETE": (_P,),
    "PACKAGE_SERVICE_NO_DELETE": (_P,),
    "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED": (_C, _J),
    "FIELD_NO_DELETE_UNLESS_NAME_RESERVED": (_C, _J),
    "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY": (_C, _J),
    "FIELD_WIRE_JSON_COMPATIBLE_TYPE": (_C, _J),
    "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED": (_C, _J, _W),
    "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED": (_C, _J, _W),
    "FIELD_WIRE_COMPATIBLE_CARDINALITY": (_W,),
    "FIELD_WIRE_COMPATIBLE_TYPE": (_W,),
}
V2_ONLY = frozenset({"EXTENSION_NO_DELETE", "FIELD_SAME_DEFAULT", "PACKAGE_EXTENSION_NO_DELETE"})
# Deprecated ids buf still accepts, and the rules that replaced them.
DEPRECATED: dict[str, tuple[str, ...]] = {
    "FIELD_SAME_CTYPE": ("FIELD_SAME_CPP_STRING_TYPE",),
    "FIELD_SAME_LABEL": (
        "FIELD_SAME_CARDINALITY",
        "FIELD_WIRE_COMPATIBLE_CARDINALITY",
        "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
    ),
    "FILE_SAME_JAVA_STRING_CHECK_UTF8": ("FIELD_SAME_JAVA_UTF8_VALIDATION",),
    "FILE_SAME_PHP_GENERIC_SERVICES": (),
    "MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT": (),
}
DEFAULT_USE = (FILE,)

# The last component of an unstable package: v1alpha1, v1beta, v1p1beta1, v1test, v2testfoo.
_UNSTABLE = re.compile(r"v[0-9]+(?:(?:p[0-9]+)?(?:alpha|beta)[0-9]*|test[a-z0-9_]*)")


def unstable_package(package: str) -> bool:
    """Whether buf's `ignore_unstable_packages` ignores a file of this package."""
    return _UNSTABLE.fullmatch(package.rsplit(".", 1)[-1]) is not None


def known(name: str, version: str) -> bool:
    """Whether buf of this config version knows `name` as a rule id or category."""
    categories = CATEGORIES if version == "v2" else CATEGORIES[:-1]
    return name in categories or name in DEPRECATED or name in rules_of(version)


def rules_of(version: str) -> dict[str, tuple[str, ...]]:
    if version == "v2":
        return BUF_RULES
    return {
        rule: tuple(c for c in cats if c != CSR)
        for rule, cats in BUF_RULES.items()
        if rule not in V2_ONLY
    }


def expand(names: Iterable[str], version: str) -> set[str]:
    """The buf rule ids that rule ids and categories stand for."""
    rules = rules_of(version)
    found: set[str] = set()
    for name in names:
        if name in CATEGORIES:
            found.update(rule for rule, cats in rules.items() if name in cats)
        elif name in DEPRECATED:
            found.update(DEPRECATED[name])
        elif name in rules:
            found.add(name)
    return found


@dataclass(frozen=True)
class Breaking:
    """A `breaking:` section as written (ids and categories; paths relative to the buf.yaml's
    folder)."""

    use: tuple[str, ...] = DEFAULT_USE
    except_: tuple[str, ...] = ()
    ignore: frozenset[str] = frozenset()
    ignore_only: Mapping[str, frozenset[str]] = field(default_factory=dict)
    ignore_unstable_packages: bool = False

    def enabled(self, version: str) -> set[str]:
        return expand(self.use or DEFAULT_USE, version) - expand(self.except_, version)

    def ignored_for(self, version: str) -> dict[str, frozenset[str]]:
        """buf rule id -> the paths `ignore_only` ignores it for."""
        out: dict[str, set[str]] = {}
        for name, paths in self.ignore_only.items():
            for rule in expand([name], version):
                out.setdefault(rule, set()).update(paths)
        return {rule: frozenset(paths) for rule, paths in out.items()}


def under(path: str, prefixes: AbstractSet[str]) -> bool:
    """Whether `path` is one of `prefixes` or inside one ("" is the whole tree): a lookup per
    folder of the path, whatever the number of prefixes."""
    if not prefixes:
        return False
    if "" in prefixes or path in prefixes:
        return True
    end = path.find("/")
    while end != -1:
        if path[:end] in prefixes:
            return True
        end = path.find("/", end + 1)
    return False


def buf_ids(equivalent: str) -> tuple[str, ...]:
    """The buf rule ids a catalogue equivalent names ("A, B" names two)."""
    return tuple(part.strip() for part in equivalent.split(",") if part.strip())


def stele_category(enabled: set[str], version: str) -> str:
    """The stele category whose verdicts the selected buf rules need: the most lenient rung of
    the ladder (`stele.config_keys.PROTOBUF_CATEGORIES`) whose buf categories, its own and
    those of the more lenient rungs, hold every rule; else the strictest."""
    rules = rules_of(version)
    cats = [set(rules.get(rule, ())) for rule in enabled]
    for rung in range(len(PROTOBUF_CATEGORIES)):
        covered = {buf_category(c) for c in PROTOBUF_CATEGORIES[: rung + 1]}
        if all(c & covered for c in cats):
            return PROTOBUF_CATEGORIES[rung]
    return PROTOBUF_CATEGORIES[-1]


def buf_category(category: str) -> str:
    """buf's name of a stele category (`wire_json` -> `WIRE_JSON`)."""
    return category.upper()


def stele_rules_by_buf_id() -> dict[str, tuple[str, ...]]:
    """buf rule id -> the stele Protobuf rules that name it as their equivalent."""
    from stele.compat.protobuf.rules import RULES  # after the fork (proto_split._load_checker)

    found: dict[str, list[str]] = {}
    for rule in RULES:
        for buf_id in buf_ids(rule.equivalents.get("buf", "")):
            found.setdefault(buf_id, []).append(rule.id)
    return {buf_id: tuple(ids) for buf_id, ids in found.items()}
