"""The Protobuf rule catalogue: one record per rule, with its categories and buf equivalents.

Categories, as buf's: `wire` (binary), `wire_json` (binary and JSON), `package` (also generated
code, declarations kept within their package) and `file` (also each declaration kept in its
file). A rule lists every category that runs it; rules whose verdict depends on the category (type,
cardinality, oneof changes) get the category from the checker.
"""

from __future__ import annotations

from stele.compat.model import Rule
from stele.compat.protobuf._option_rules import OPTION_RULES
from stele.compat.protobuf._ruledefs import (
    ALL,
    BACKWARD,
    BOTH,
    CODE,
    FILE,
    FORWARD,
    JSON_UP,
)
from stele.compat.protobuf._ruledefs import doc as _doc
from stele.compat.protobuf._ruledefs import rule as _rule
from stele.diagnostics import Severity

MSG_A = "message Order {\n  string id = 1;\n  string note = 2;\n}"
RULES: tuple[Rule, ...] = (
    _rule(
        "proto-file-removed",
        "A .proto file was removed.",
        _doc(
            "A file of the old set is missing from the new set (checked in `file`).",
            "Code that imports the file's generated module no longer compiles.",
            "// order.proto exists",
            "// order.proto deleted",
            "// keep order.proto; deprecate its declarations instead",
        ),
        FILE, BACKWARD, "FILE_NO_DELETE",
    ),
    _rule(
        "proto-package-changed",
        "A file's package changed.",
        _doc(
            "A file keeps its path but declares another `package`.",
            "Every type and rpc gets a new full name: `Any` type URLs, gRPC method paths and "
            "generated code all change.",
            "package food.order;",
            "package food.orders;",
            "package food.order;  // add a new file for a new package",
        ),
        ALL, BOTH, "FILE_SAME_PACKAGE",
    ),
    _rule(
        "proto-declaration-moved",
        "A message, enum, service or extension moved to another file.",
        _doc(
            "A declaration keeps its full name but lives in another file (`file`; each "
            "declaration nested in a moved message is reported too, as buf does; the finding "
            "sits at line 1 of the file that lost it, or at its enclosing message there).",
            "Generated code is per file in C++ and Python: imports of the old module break. "
            "The wire format is unaffected.",
            "// order.proto\nmessage Order {}",
            "// orders.proto\nmessage Order {}",
            "// leave Order in order.proto",
        ),
        FILE, BACKWARD,
        "MESSAGE_NO_DELETE, ENUM_NO_DELETE, SERVICE_NO_DELETE, EXTENSION_NO_DELETE",
    ),
    _rule(
        "proto-message-removed",
        "A message was removed.",
        _doc(
            "A message of the old schema no longer exists (`package`, `file`; nested messages "
            "removed with their parent are each reported; a removal that "
            "changes a field or rpc type is caught by those rules in every category).",
            "Code that refers to the generated type no longer compiles.",
            "message Refund {}",
            "// Refund deleted",
            "message Refund {\n  option deprecated = true;\n}",
        ),
        CODE, BACKWARD, "MESSAGE_NO_DELETE, PACKAGE_MESSAGE_NO_DELETE",
    ),
    _rule(
        "proto-enum-removed",
        "An enum was removed.",
        _doc(
            "An enum of the old schema no longer exists (`package`, `file`; also an enum nested "
            "in a removed message).",
            "Code that refers to the generated enum no longer compiles.",
            "enum Size {\n  SIZE_UNSPECIFIED = 0;\n}",
            "// Size deleted",
            "enum Size {\n  option deprecated = true;\n  SIZE_UNSPECIFIED = 0;\n}",
        ),
        CODE, BACKWARD, "ENUM_NO_DELETE, PACKAGE_ENUM_NO_DELETE",
    ),
    _rule(
        "proto-service-removed",
        "A service was removed.",
        _doc(
            "A service of the old schema no longer exists. Checked in every category: a client "
            "built on the old schema calls methods the new server no longer serves.",
            "Old clients get UNIMPLEMENTED for every call; generated stubs disappear.",
            "service OrderService {\n  rpc Get(GetRequest) returns (Order);\n}",
            "// OrderService deleted",
            "service OrderService {\n  option deprecated = true;\n"
            "  rpc Get(GetRequest) returns (Order);\n}",
        ),
        ALL, BACKWARD, "SERVICE_NO_DELETE, PACKAGE_SERVICE_NO_DELETE",
    ),
    _rule(
        "proto-rpc-removed",
        "An rpc was removed from a service.",
        _doc(
            "A method of a service that still exists was removed (every category).",
            "Old clients calling it get UNIMPLEMENTED; generated stubs lose the method.",
            "rpc Get(GetRequest) returns (Order);\nrpc Cancel(CancelRequest) returns (Order);",
            "rpc Get(GetRequest) returns (Order);",
            "rpc Cancel(CancelRequest) returns (Order) {\n  option deprecated = true;\n}",
        ),
        ALL, BACKWARD, "RPC_NO_DELETE",
    ),
    _rule(
        "proto-rpc-request-type-changed",
        "An rpc's request message type changed.",
        _doc(
            "A method takes another request message.",
            "The server parses old requests with the wrong message type; stubs change.",
            "rpc Get(GetRequest) returns (Order);",
            "rpc Get(GetOrderRequest) returns (Order);",
            "rpc GetOrder(GetOrderRequest) returns (Order);  // a new method",
        ),
        ALL, BOTH, "RPC_SAME_REQUEST_TYPE",
    ),
    _rule(
        "proto-rpc-response-type-changed",
        "An rpc's response message type changed.",
        _doc(
            "A method returns another response message.",
            "Clients parse responses with the wrong message type; stubs change.",
            "rpc Get(GetRequest) returns (Order);",
            "rpc Get(GetRequest) returns (OrderView);",
            "rpc GetView(GetRequest) returns (OrderView);  // a new method",
        ),
        ALL, BOTH, "RPC_SAME_RESPONSE_TYPE",
    ),
    _rule(
        "proto-rpc-streaming-changed",
        "An rpc's client or server side started or stopped streaming.",
        _doc(
            "`stream` was added to or removed from a request or response.",
            "Unary and streaming calls use different call shapes: old peers fail the call.",
            "rpc Watch(WatchRequest) returns (Order);",
            "rpc Watch(WatchRequest) returns (stream Order);",
            "rpc WatchStream(WatchRequest) returns (stream Order);  // a new method",
        ),
        ALL, BOTH, "RPC_SAME_CLIENT_STREAMING, RPC_SAME_SERVER_STREAMING",
    ),
    _rule(
        "proto-field-removed",
        "A field was removed without reserving what the category needs.",
        _doc(
            "A field number disappeared. `wire`: unless the number is reserved; `wire_json`: "
            "unless the number and the name are reserved; `package` and `file`: always "
            "(generated code). Removing a required field is an error in FORWARD whatever is "
            "reserved.",
            "Nothing fails today, but a later field reusing the number (or, in JSON, the name) "
            "reads old data with the wrong meaning. Old readers of a required field reject "
            "new data that lacks it.",
            MSG_A,
            "message Order {\n  string id = 1;\n}",
            "message Order {\n  reserved 2;\n  reserved \"note\";\n  string id = 1;\n}",
        ),
        ALL, BOTH,
        "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED, FIELD_NO_DELETE_UNLESS_NAME_RESERVED, "
        "FIELD_NO_DELETE, MESSAGE_SAME_REQUIRED_FIELDS",
    ),
    _rule(
        "proto-field-number-changed",
        "A field kept its name but moved to another number.",
        _doc(
            "A field name (an extension's full name) appears in both schemas under different "
            "numbers.",
            "The binary encoding identifies fields by number: data written under the old "
            "number is not read into the field any more.",
            MSG_A,
            "message Order {\n  string id = 1;\n  string note = 3;\n}",
            "message Order {\n  reserved 2;\n  reserved \"note\";\n  string id = 1;\n"
            "  string remark = 3;\n}",
        ),
        ALL, BOTH, "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
    ),
    _rule(
        "proto-field-renamed",
        "A field number changed its name.",
        _doc(
            "The field with a given number has another name (`wire_json`, `package`, `file`).",
            "The binary encoding does not care, but the JSON mapping and generated code use "
            "names: old JSON documents carry a key the new schema does not know.",
            MSG_A,
            "message Order {\n  string id = 1;\n  string remark = 2;\n}",
            "message Order {\n  string id = 1;\n  string note = 2 [deprecated = true];\n"
            "  string remark = 3;\n}",
        ),
        JSON_UP, BOTH, "FIELD_SAME_NAME",
    ),
    _rule(
        "proto-message-body-changed",
        "A contract message's body was replaced by another record.",
        _doc(
            "In files stele generated, the record that is the body of a contract message (an "
            "event, command or reply) says so after its opening brace "
            "(`// stele: body of shop.ItemCreated`). Flagged when the body of a message both "
            "versions declare is another record that does not encode alike (a renamed "
            "record with the same fields is not flagged). buf has no equivalent: no field "
            "of any message changed.",
            "The wire carries no message names: readers parse the new body's bytes with the "
            "old body's fields (and the reverse), and fail or misread every value.",
            "message Item { // stele: body of shop.ItemCreated\n  string id = 1;\n}",
            "message Money { // stele: body of shop.ItemCreated\n  string amount = 1;\n}",
            "// publish the new body as a new message (a new name), and retire the old one",
        ),
        ALL, BOTH, "",
    ),
    _rule(
        "proto-union-variant-changed",
        "A variant of a stele union was added or removed.",
        _doc(
            "In files stele generated (they open with its notice), a message that holds only "
            "`oneof value` is a contract union. A variant the old union has and the new lacks "
            "(BACKWARD) or the new has and the old lacks (FORWARD); a variant renamed is both, "
            "as it gets a new number. A union an rpc returns flows both ways between a "
            "client and a server, so both directions judge both changes. buf has no "
            "equivalent: a oneof member added is compatible there (a deliberate difference "
            "for stele's own files, see docs/compat-protobuf.md).",
            "Readers that lack the variant parse its values as a message with no member set: "
            "a union without a variant, which no reader of the contract accepts.",
            "message Payment {\n  oneof value {\n    Card card = 1;\n  }\n}",
            "message Payment {\n  oneof value {\n    Card card = 1;\n    Wallet wallet = 2;\n"
            "  }\n}",
            "// add the variant in a new union type, or let every reader upgrade first",
        ),
        ALL, BOTH, "",
    ),
    _rule(
        "proto-field-json-name-changed",
        "A field's JSON name changed.",
        _doc(
            "A field kept its name but its `json_name` differs (`wire_json`, `package`, `file`).",
            "JSON documents written with the old key are not read into the field.",
            "string note = 2;",
            "string note = 2 [json_name = \"comment\"];",
            "string note = 2;  // keep the JSON name",
        ),
        JSON_UP, BOTH, "FIELD_SAME_JSON_NAME",
    ),
    _rule(
        "proto-field-type-changed",
        "A field's type changed.",
        _doc(
            "A field number has another type. `wire` follows the language guide: int32, uint32, "
            "int64, uint64, bool and enum share the varint encoding, sint32/sint64, "
            "fixed32/sfixed32 and fixed64/sfixed64 share theirs, and string, bytes and "
            "messages are length-delimited. Within a group a widening read is info and a read "
            "that may truncate or reinterpret values is a warning (string read from bytes: "
            "UTF-8; a message read from bytes: must be an encoded message); across groups it "
            "is an error. `wire_json` also requires the same JSON encoding (only int32/uint32, "
            "int64/uint64, fixed32/sfixed32, fixed64/sfixed64 swap). `package` and `file`: any "
            "change.",
            "Readers decode the bytes with another encoding and fail or read other values.",
            "int32 quantity = 3;",
            "string quantity = 3;",
            "int32 quantity = 3 [deprecated = true];\nstring quantity_text = 4;",
        ),
        ALL, BOTH,
        "FIELD_WIRE_COMPATIBLE_TYPE, FIELD_WIRE_JSON_COMPATIBLE_TYPE, FIELD_SAME_TYPE",
    ),
    _rule(
        "proto-field-cardinality-changed",
        "A field changed between singular, repeated and map, or to or from required.",
        _doc(
            "`wire`: singular read as repeated is info; repeated read as singular keeps the "
            "last element (warning) or fails for packed numbers (error); repeated and map are "
            "the same on the wire. `wire_json`, `package` and `file`: any change. A reader that "
            "requires a field its writers may omit is an error in every category.",
            "JSON uses a value, an array or an object; singular readers of packed data see a "
            "wire type they cannot parse; required readers reject data without the field.",
            "int32 quantity = 3;",
            "repeated int32 quantity = 3;",
            "int32 quantity = 3;\nrepeated int32 quantities = 4;",
        ),
        ALL, BOTH,
        "FIELD_WIRE_COMPATIBLE_CARDINALITY, FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY, "
        "FIELD_SAME_CARDINALITY, MESSAGE_SAME_REQUIRED_FIELDS",
    ),
    _rule(
        "proto-field-presence-changed",
        "A field changed between implicit and explicit presence.",
        _doc(
            "proto3 `optional` was added to or removed from a scalar field, or the editions "
            "`field_presence` feature that applies to it changed (`package`, `file`).",
            "The encoding is the same, but generated code gains or loses the has-accessor.",
            "string note = 2;",
            "optional string note = 2;",
            "string note = 2;\noptional string remark = 3;",
        ),
        CODE, BACKWARD, "FIELD_SAME_CARDINALITY",
    ),
    _rule(
        "proto-field-moved-into-oneof",
        "A field moved into a oneof (or from one oneof into another).",
        _doc(
            "Per the language guide: a single field moved into a new oneof keeps its encoding "
            "(info); several existing fields moved into one new oneof are a warning in "
            "BACKWARD (old writers may set more than one); a move into an existing oneof or "
            "between oneofs is an error. `package` and `file`: always an error.",
            "A oneof keeps only the last member it reads: data of the other members is lost.",
            "oneof payment {\n  string card = 4;\n}\nstring voucher = 5;",
            "oneof payment {\n  string card = 4;\n  string voucher = 5;\n}",
            "oneof payment {\n  string card = 4;\n  string voucher_code = 6;\n}\n"
            "string voucher = 5 [deprecated = true];",
        ),
        ALL, BOTH, "FIELD_SAME_ONEOF",
    ),
    _rule(
        "proto-field-moved-out-of-oneof",
        "A field moved out of a oneof.",
        _doc(
            "A oneof member became a plain field. The only member of a oneof may leave it "
            "(info); otherwise FORWARD is a warning: new writers may set several former "
            "members and old readers keep the last. `package` and `file`: always an error.",
            "Old readers treat the former members as exclusive and drop all but one.",
            "oneof payment {\n  string card = 4;\n  string voucher = 5;\n}",
            "oneof payment {\n  string card = 4;\n}\nstring voucher = 5;",
            "oneof payment {\n  string card = 4;\n  string voucher = 5;\n}\n"
            "string voucher_note = 6;",
        ),
        ALL, BOTH, "FIELD_SAME_ONEOF",
    ),
    _rule(
        "proto-required-field-added",
        "A required field was added.",
        _doc(
            "A proto2 `required` (or editions LEGACY_REQUIRED) field was added.",
            "New readers reject every message written before the field existed.",
            "message Order {\n  required string id = 1;\n}",
            "message Order {\n  required string id = 1;\n  required string note = 2;\n}",
            "message Order {\n  required string id = 1;\n  optional string note = 2;\n}",
        ),
        ALL, BACKWARD, "MESSAGE_SAME_REQUIRED_FIELDS",
    ),
    _rule(
        "proto-reserved-number-reused",
        "A reserved field or enum value number is used again.",
        _doc(
            "A number reserved in the old message or enum belongs to a field or value in the "
            "new one.",
            "Stored or in-flight data written when the number meant something else is read "
            "into the new member.",
            "message Order {\n  reserved 2;\n  string id = 1;\n}",
            "message Order {\n  string id = 1;\n  int64 total = 2;\n}",
            "message Order {\n  reserved 2;\n  string id = 1;\n  int64 total = 3;\n}",
        ),
        ALL, BACKWARD, "RESERVED_MESSAGE_NO_DELETE",
    ),
    _rule(
        "proto-reserved-name-reused",
        "A reserved field or enum value name is used again.",
        _doc(
            "A name reserved in the old message or enum is used in the new one "
            "(`wire_json`, `package`, `file`).",
            "JSON data written when the name meant something else is read into the new member.",
            "message Order {\n  reserved \"note\";\n  string id = 1;\n}",
            "message Order {\n  string id = 1;\n  int64 note = 3;\n}",
            "message Order {\n  reserved \"note\";\n  string id = 1;\n  int64 remark = 3;\n}",
        ),
        JSON_UP, BACKWARD, "RESERVED_MESSAGE_NO_DELETE",
    ),
    _rule(
        "proto-reserved-range-removed",
        "A reserved number range or name is no longer reserved.",
        _doc(
            "Part of a reserved range of a message or enum was dropped without being reused "
            "(reuse is reported by the reuse rules); from `wire_json` on, reserved names too.",
            "The reservation protected old data from a future member with another meaning.",
            "message Order {\n  reserved 2 to 5;\n}",
            "message Order {\n  reserved 2 to 3;\n}",
            "message Order {\n  reserved 2 to 5;\n}",
        ),
        ALL, BOTH, "RESERVED_MESSAGE_NO_DELETE, RESERVED_ENUM_NO_DELETE",
    ),
    _rule(
        "proto-enum-value-removed",
        "An enum value was removed without reserving what the category needs.",
        _doc(
            "A value number disappeared. `wire`: unless the number is reserved; `wire_json`: "
            "unless the number and the name are reserved; `package` and `file`: always.",
            "A later value reusing the number or name gives old data another meaning; code "
            "that names the value no longer compiles.",
            "enum Size {\n  SIZE_UNSPECIFIED = 0;\n  SIZE_SMALL = 1;\n}",
            "enum Size {\n  SIZE_UNSPECIFIED = 0;\n}",
            "enum Size {\n  reserved 1;\n  reserved \"SIZE_SMALL\";\n  SIZE_UNSPECIFIED = 0;\n}",
        ),
        ALL, BOTH,
        "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED, "
        "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED, ENUM_VALUE_NO_DELETE",
    ),
    _rule(
        "proto-enum-value-number-changed",
        "An enum value kept its name but moved to another number.",
        _doc(
            "A value name appears in both schemas under different numbers.",
            "Binary data carries numbers: old data decodes to another value (or none).",
            "enum Size {\n  SIZE_UNSPECIFIED = 0;\n  SIZE_SMALL = 1;\n}",
            "enum Size {\n  SIZE_UNSPECIFIED = 0;\n  SIZE_SMALL = 2;\n}",
            "enum Size {\n  SIZE_UNSPECIFIED = 0;\n  SIZE_SMALL = 1;\n  SIZE_LARGE = 2;\n}",
        ),
        ALL, BOTH, "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
    ),
    _rule(
        "proto-enum-value-renamed",
        "An enum value number changed its name.",
        _doc(
            "The value with a given number has another name and no alias keeps the old one "
            "(`wire_json`, `package`, `file`).",
            "JSON carries enum values by name: old documents name a value that no longer exists.",
            "enum Size {\n  SIZE_UNSPECIFIED = 0;\n  SIZE_SMALL = 1;\n}",
            "enum Size {\n  SIZE_UNSPECIFIED = 0;\n  SIZE_S = 1;\n}",
            "enum Size {\n  option allow_alias = true;\n  SIZE_UNSPECIFIED = 0;\n"
            "  SIZE_SMALL = 1;\n  SIZE_S = 1;\n}",
        ),
        JSON_UP, BOTH, "ENUM_VALUE_SAME_NAME",
    ),
    _rule(
        "proto-enum-value-added",
        "An enum value was added (notable in FORWARD).",
        _doc(
            "A new value number. Old readers (FORWARD) meet a number they do not know: open "
            "(proto3) enums keep it (info), closed (proto2) enums drop it into unknown fields "
            "(warning), and old JSON readers reject the unknown name (warning).",
            "Not a break by itself, but old readers must handle values they do not know.",
            "enum Size {\n  SIZE_UNSPECIFIED = 0;\n}",
            "enum Size {\n  SIZE_UNSPECIFIED = 0;\n  SIZE_HUGE = 9;\n}",
            "// add values freely; make readers tolerate unknown values",
        ),
        ALL, FORWARD, "", Severity.INFO,
    ),
)  # fmt: skip

RULES = (*RULES, *OPTION_RULES)
RULES_BY_ID = {rule.id: rule for rule in RULES}


def by_id(*ids: str) -> tuple[Rule, ...]:
    """The records of `ids` (a handler's rules, `compat.handlers.handles`); an unknown id fails
    on import."""
    return tuple(RULES_BY_ID[i] for i in ids)
