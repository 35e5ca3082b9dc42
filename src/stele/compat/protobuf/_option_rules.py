"""Catalogue records for what buf checks beyond fields and types: file options and syntax,
field options and editions features, extensions, oneofs, packages and rpc options."""

from __future__ import annotations

from stele.compat.model import Rule
from stele.compat.protobuf._messages import FILE_OPTION
from stele.compat.protobuf._ruledefs import (
    ALL,
    BACKWARD,
    BOTH,
    CODE,
    JSON_UP,
    PACKAGE,
    doc,
    rule,
)

# option -> (why generated code breaks, old value, new value), in buf's order.
FILE_OPTION_DOCS: dict[str, tuple[str, str, str]] = {
    "go_package": (
        "Go code imports the generated package by this path: every importer stops compiling.",
        '"example.com/shop/v1;shopv1"', '"example.com/shop/api;shopapi"',
    ),
    "java_package": (
        "Java code imports the generated classes from this package.",
        '"com.example.shop"', '"com.example.shop.api"',
    ),
    "java_multiple_files": (
        "Java classes move between one outer class and one file per type: imports change.",
        "false", "true",
    ),
    "java_outer_classname": (
        "Java code refers to the outer class by this name.",
        '"ShopProto"', '"ShopProtos"',
    ),
    "csharp_namespace": (
        "C# code refers to the generated types in this namespace.",
        '"Example.Shop"', '"Example.Shop.Api"',
    ),
    "objc_class_prefix": (
        "Objective-C class names carry the prefix.",
        '"SHP"', '"XSH"',
    ),
    "php_class_prefix": ("PHP class names carry the prefix.", '"Shop"', '"Api"'),
    "php_namespace": (
        "PHP code refers to the generated classes in this namespace.",
        '"Example\\\\Shop"', '"Example\\\\Api"',
    ),
    "php_metadata_namespace": (
        "PHP code loads the descriptor metadata class from this namespace.",
        '"Example\\\\Shop\\\\Meta"', '"Example\\\\Meta"',
    ),
    "ruby_package": (
        "Ruby code refers to the generated module by this name.",
        '"Example::Shop"', '"Example::Api"',
    ),
    "swift_prefix": ("Swift type names carry the prefix.", '"Shop"', '"Api"'),
    "optimize_for": (
        "Generated C++ and Java classes change base class and API (LITE_RUNTIME lacks "
        "descriptors and reflection).",
        "SPEED", "LITE_RUNTIME",
    ),
    "cc_enable_arenas": (
        "C++ code allocating the messages on arenas stops compiling or changes behaviour.",
        "true", "false",
    ),
    "cc_generic_services": (
        "The C++ generic service classes appear or disappear.", "true", "false",
    ),
    "java_generic_services": (
        "The Java generic service classes appear or disappear.", "true", "false",
    ),
    "py_generic_services": (
        "The Python generic service classes appear or disappear.", "true", "false",
    ),
}  # fmt: skip


def file_option_rule_id(option: str) -> str:
    return f"proto-file-{option.replace('_', '-')}-changed"


def _file_option_rule(option: str) -> Rule:
    why, old, new = FILE_OPTION_DOCS[option]
    buf = f"FILE_SAME_{option.upper()}"
    return rule(
        file_option_rule_id(option),
        f"A file's `{option}` option changed.",
        doc(
            f"A file keeps its path but sets `option {option}` to another value, or sets it "
            "where it was unset (or the reverse) when that changes its value (`package`, "
            "`file`).",
            why + " The wire format is unaffected.",
            f"option {option} = {old};",
            f"option {option} = {new};",
            f"option {option} = {old};  // keep it; put new code in a new file",
        ),
        CODE, BACKWARD, buf, messages=FILE_OPTION,
    )  # fmt: skip


OPTION_RULES: tuple[Rule, ...] = (
    *(_file_option_rule(option) for option in FILE_OPTION_DOCS),
    rule(
        "proto-file-syntax-changed",
        "A file's syntax or edition changed.",
        doc(
            "A file moved between proto2 (also a file without a `syntax` line), proto3 and "
            "editions (`package`, `file`). A move from one edition to another is judged by "
            "what its defaults change, field by field, as buf does.",
            "Defaults change with the syntax: field presence, packed encoding, closed enums, "
            "UTF-8 checks and the generated accessors. Other rules report the effects they "
            "can see field by field; the syntax change itself changes generated code.",
            'syntax = "proto2";',
            'syntax = "proto3";',
            'edition = "2023";  // with features that keep proto2 behaviour, checked field by '
            "field",
        ),
        CODE, BACKWARD, "FILE_SAME_SYNTAX",
    ),
    rule(
        "proto-package-removed",
        "Every file of a package was removed or moved to another package.",
        doc(
            "A package that old files declare is declared by no new file (`package`; `file` "
            "reports the files).",
            "Every type and rpc of the package is gone from generated code and from the "
            "registry of full names.",
            "// shop/v1/order.proto\npackage shop.v1;",
            "// shop/v1/order.proto deleted",
            "// keep the package; deprecate what it declares",
        ),
        PACKAGE, BACKWARD, "PACKAGE_NO_DELETE",
    ),
    rule(
        "proto-extension-removed",
        "An extension was removed.",
        doc(
            "An extension field (`extend Foo { ... }`) of the old schema no longer exists "
            "under its full name (`package`, `file`). A change to a kept extension (number, "
            "type, name) is reported by the field rules, as for any field.",
            "Code that reads or sets the extension no longer compiles; data written under its "
            "number becomes unknown fields.",
            "extend Order {\n  string gift_note = 100;\n}",
            "// gift_note deleted",
            "extend Order {\n  string gift_note = 100 [deprecated = true];\n}",
        ),
        CODE, BACKWARD, "EXTENSION_NO_DELETE, PACKAGE_EXTENSION_NO_DELETE",
    ),
    rule(
        "proto-extension-range-removed",
        "A message's extension range shrank or was removed.",
        doc(
            "Numbers a message declared with `extensions` are no longer all extension "
            "numbers (`package`, `file`).",
            "Extensions declared elsewhere on those numbers no longer compile, and data written "
            "with them is read as other fields.",
            "message Order {\n  extensions 100 to 199;\n}",
            "message Order {\n  extensions 100 to 149;\n}",
            "message Order {\n  extensions 100 to 199;\n}",
        ),
        CODE, BACKWARD, "EXTENSION_MESSAGE_NO_DELETE",
    ),
    rule(
        "proto-oneof-removed",
        "A oneof was removed from a message.",
        doc(
            "A oneof of the old message no longer exists in the new one (`package`, `file`; "
            "the synthetic oneof of a proto3 `optional` field is not a oneof here). What "
            "happened to its fields is reported by the field rules.",
            "Generated code loses the oneof's case accessor and enum.",
            "oneof payment {\n  string card = 4;\n  string cash = 5;\n}",
            "string card = 4;\nstring cash = 5;",
            "oneof payment {\n  string card = 4;\n  string cash = 5;\n}",
        ),
        CODE, BACKWARD, "ONEOF_NO_DELETE",
    ),
    rule(
        "proto-field-jstype-changed",
        "A 64-bit integer field's `jstype` changed.",
        doc(
            "The `jstype` option of an int64, uint64, sint64, fixed64 or sfixed64 field "
            "changed (`package`, `file`).",
            "JavaScript code gets a string where it had a number, or the reverse.",
            "int64 total = 3;",
            "int64 total = 3 [jstype = JS_STRING];",
            "int64 total = 3;\nint64 total_text = 4 [jstype = JS_STRING];",
        ),
        CODE, BACKWARD, "FIELD_SAME_JSTYPE",
    ),
    rule(
        "proto-field-cpp-string-type-changed",
        "A string or bytes field's C++ string type changed.",
        doc(
            "The `ctype` option, or the `(pb.cpp).string_type` feature, of a string or bytes "
            "field changed (`package`, `file`). STRING_PIECE to STRING is allowed, as in buf.",
            "C++ code gets another accessor type (std::string, absl::Cord, string_view).",
            "bytes blob = 4;",
            "bytes blob = 4 [ctype = CORD];",
            "bytes blob = 4;\nbytes blob_cord = 5 [ctype = CORD];",
        ),
        CODE, BACKWARD, "FIELD_SAME_CPP_STRING_TYPE",
    ),
    rule(
        "proto-field-utf8-validation-changed",
        "A string field's UTF-8 validation changed.",
        doc(
            "The resolved `utf8_validation` feature of a string field changed: explicitly, "
            "through a feature it inherits (message, file) or through the syntax (proto2 does "
            "not check, proto3 does) (`package`, `file`).",
            "A reader that verifies rejects strings that a writer that did not verify may "
            "have written.",
            'edition = "2023";\nstring note = 3;',
            'edition = "2023";\nstring note = 3 [features.utf8_validation = NONE];',
            "string note = 3;  // keep the validation",
        ),
        CODE, BOTH, "FIELD_SAME_UTF8_VALIDATION",
    ),
    rule(
        "proto-field-java-utf8-validation-changed",
        "A string field's Java UTF-8 validation changed.",
        doc(
            "Java's check of a string field changed: the `java_string_check_utf8` file "
            "option, the `(pb.java).utf8_validation` feature or the `utf8_validation` "
            "feature it falls back to (`package`, `file`).",
            "Java readers that verify reject strings that writers may have written unchecked.",
            'syntax = "proto2";\noption java_string_check_utf8 = true;',
            'syntax = "proto2";',
            'syntax = "proto2";\noption java_string_check_utf8 = true;',
        ),
        CODE, BOTH, "FIELD_SAME_JAVA_UTF8_VALIDATION",
    ),
    rule(
        "proto-field-default-changed",
        "A field's default value changed.",
        doc(
            "The `default` of a proto2 (or editions explicit-presence) scalar field changed, "
            "was added or was removed (every category).",
            "A field that is not set reads as its default: readers on either side read "
            "another value for the same bytes.",
            "optional int32 qty = 2 [default = 1];",
            "optional int32 qty = 2 [default = 0];",
            "optional int32 qty = 2 [default = 1];",
        ),
        ALL, BOTH, "FIELD_SAME_DEFAULT",
    ),
    rule(
        "proto-enum-type-changed",
        "An enum changed between open and closed.",
        doc(
            "The resolved `enum_type` feature of an enum changed (proto2 enums are closed, "
            "proto3 enums open; editions choose) (`package`, `file`).",
            "A closed enum drops unknown numbers into unknown fields; an open enum keeps them. "
            "Readers disagree about values they do not know, and generated code changes.",
            'edition = "2023";\nenum Size {\n  SIZE_UNSPECIFIED = 0;\n}',
            'edition = "2023";\nenum Size {\n  option features.enum_type = CLOSED;\n'
            "  SIZE_UNSPECIFIED = 0;\n}",
            "enum Size {\n  SIZE_UNSPECIFIED = 0;\n}",
        ),
        CODE, BOTH, "ENUM_SAME_TYPE",
    ),
    rule(
        "proto-enum-json-format-changed",
        "An enum lost full JSON support.",
        doc(
            "The resolved `json_format` feature of an enum went from ALLOW to "
            "LEGACY_BEST_EFFORT (`wire_json`, `package`, `file`).",
            "JSON readers and writers no longer promise the proto3 JSON mapping for it.",
            'edition = "2023";\nenum Size {\n  SIZE_UNSPECIFIED = 0;\n}',
            'edition = "2023";\nenum Size {\n  option features.json_format = '
            "LEGACY_BEST_EFFORT;\n  SIZE_UNSPECIFIED = 0;\n}",
            "enum Size {\n  SIZE_UNSPECIFIED = 0;\n}",
        ),
        JSON_UP, BACKWARD, "ENUM_SAME_JSON_FORMAT",
    ),
    rule(
        "proto-message-json-format-changed",
        "A message lost full JSON support.",
        doc(
            "The resolved `json_format` feature of a message went from ALLOW to "
            "LEGACY_BEST_EFFORT (`wire_json`, `package`, `file`).",
            "JSON readers and writers no longer promise the proto3 JSON mapping for it (field "
            "names may collide in JSON).",
            'edition = "2023";\nmessage Order {}',
            'edition = "2023";\nmessage Order {\n  option features.json_format = '
            "LEGACY_BEST_EFFORT;\n}",
            "message Order {}",
        ),
        JSON_UP, BACKWARD, "MESSAGE_SAME_JSON_FORMAT",
    ),
    rule(
        "proto-message-descriptor-accessor-removed",
        "A message set `no_standard_descriptor_accessor`.",
        doc(
            "The message option `no_standard_descriptor_accessor` went from unset or false to "
            "true (`package`, `file`).",
            "Generated code loses the `descriptor()` accessor that code may call.",
            "message Order {}",
            "message Order {\n  option no_standard_descriptor_accessor = true;\n}",
            "message Order {}",
        ),
        CODE, BACKWARD, "MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR",
    ),
    rule(
        "proto-rpc-idempotency-changed",
        "An rpc's `idempotency_level` changed.",
        doc(
            "The `idempotency_level` option of a method changed (every category).",
            "Clients and servers agree on it: Connect and gRPC-web send NO_SIDE_EFFECTS calls "
            "as HTTP GET, and retry policies rely on it. Old peers call or serve the method "
            "another way.",
            "rpc Get(GetRequest) returns (Order) {\n  option idempotency_level = "
            "NO_SIDE_EFFECTS;\n}",
            "rpc Get(GetRequest) returns (Order);",
            "rpc Get(GetRequest) returns (Order) {\n  option idempotency_level = "
            "NO_SIDE_EFFECTS;\n}",
        ),
        ALL, BOTH, "RPC_SAME_IDEMPOTENCY_LEVEL",
    ),
)  # fmt: skip
