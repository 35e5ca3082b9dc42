"""Old and new .proto trees, one per rule family, that stele and buf both judge.

Each case is (old files, new files), every file as path -> text. tests/test_protobuf_vs_buf.py
runs them through `buf breaking` and stele in every category and compares the findings.
"""

from __future__ import annotations

Files = dict[str, str]

P3 = 'syntax = "proto3";\n\npackage shop;\n\n'
P2 = 'syntax = "proto2";\n\npackage shop;\n\n'
ED = 'edition = "2023";\n\npackage shop;\n\n'

OPTIONS_OLD = """option go_package = "example.com/shop/v1;shopv1";
option java_package = "com.example.shop";
option java_multiple_files = true;
option java_outer_classname = "ShopProto";
option csharp_namespace = "Example.Shop";
option objc_class_prefix = "SHP";
option php_class_prefix = "Shop";
option php_namespace = "Example\\\\Shop";
option php_metadata_namespace = "Example\\\\Shop\\\\Meta";
option ruby_package = "Example::Shop";
option swift_prefix = "Shop";
option optimize_for = SPEED;
option cc_enable_arenas = true;
option cc_generic_services = true;
option java_generic_services = true;
option py_generic_services = true;
"""
OPTIONS_NEW = """option go_package = "example.com/shop/api;shopapi";
option java_package = "com.example.shop.api";
option java_multiple_files = false;
option java_outer_classname = "ShopProtos";
option csharp_namespace = "Example.Shop.Api";
option objc_class_prefix = "XSH";
option php_class_prefix = "Api";
option php_namespace = "Example\\\\Api";
option php_metadata_namespace = "Example\\\\Meta";
option ruby_package = "Example::Api";
option swift_prefix = "Api";
option optimize_for = CODE_SIZE;
option cc_enable_arenas = false;
option cc_generic_services = false;
option java_generic_services = false;
option py_generic_services = false;
"""
ORDER = "message Order {\n  string id = 1;\n}\n"

NESTED = """message Order {
  string id = 1;
  message Line {
    string sku = 1;
    enum Kind {
      KIND_UNSPECIFIED = 0;
    }
  }
  enum Status {
    STATUS_UNSPECIFIED = 0;
  }
  map<string, int32> counts = 2;
}
"""

FIELDS_P2 = """message Order {
  optional int64 total = 1;
  optional string note = 2;
  optional bytes blob = 3;
  optional int32 qty = 4 [default = 1];
  optional Size size = 5;
  optional string label = 6 [default = "none"];
  optional double ratio = 7 [default = 0.5];
  optional bool gift = 8;
  required string id = 9;
  extensions 100 to 199;
}

enum Size {
  SIZE_SMALL = 1;
  SIZE_LARGE = 2;
}
"""

EXTENSIONS = """message Order {
  optional string id = 1;
  extensions 100 to 199;
}

extend Order {
  optional string gift_note = 100;
  optional int32 priority = 101;
}

message Holder {
  extend Order {
    optional bool rush = 110;
  }
}
"""

EDITIONS = """message Order {
  string id = 1;
  int32 qty = 2;
  Order parent = 3;
  repeated int32 codes = 4;
  map<string, int32> counts = 5;
  message Line {
    string sku = 1;
  }
}

enum Size {
  SIZE_UNSPECIFIED = 0;
}
"""

SERVICE = """message Req {
  string id = 1;
}

message Resp {
  string id = 1;
}

service Shop {
  rpc Get(Req) returns (Resp) {
    option idempotency_level = NO_SIDE_EFFECTS;
  }
  rpc Put(Req) returns (Resp);
  rpc Watch(Req) returns (stream Resp);
}
"""

CASES: dict[str, tuple[Files, Files]] = {
    "file-options-changed": (
        {"a.proto": P3 + OPTIONS_OLD + "\n" + ORDER},
        {"a.proto": P3 + OPTIONS_NEW + "\n" + ORDER},
    ),
    "file-options-added-and-dropped": (
        {"a.proto": P3 + 'option go_package = "example.com/shop";\n\n' + ORDER},
        {"a.proto": P3 + 'option java_package = "com.example";\n\n' + ORDER},
    ),
    "proto2-to-proto3": (
        {"a.proto": P2 + "message Order {\n  optional string id = 1;\n}\n"},
        {"a.proto": P3 + "message Order {\n  optional string id = 1;\n}\n"},
    ),
    "no-syntax-line-is-proto2": (
        {"a.proto": "package shop;\n\nmessage Order {\n  optional string id = 1;\n}\n"},
        {"a.proto": P2 + "message Order {\n  optional string id = 1;\n}\n"},
    ),
    "no-syntax-line-to-proto3": (
        {"a.proto": "package shop;\n\nmessage Order {\n  optional string id = 1;\n}\n"},
        {"a.proto": P3 + "message Order {\n  string id = 1;\n}\n"},
    ),
    "proto2-to-editions-same-behaviour": (
        {"a.proto": P2 + FIELDS_P2},
        {
            "a.proto": ED.replace(
                "\n\npackage",
                "\n\noption features.field_presence = EXPLICIT;\n"
                "option features.enum_type = CLOSED;\n"
                "option features.repeated_field_encoding = EXPANDED;\n"
                "option features.utf8_validation = NONE;\n"
                "option features.json_format = LEGACY_BEST_EFFORT;\n\npackage",
            )
            + FIELDS_P2.replace("optional ", "").replace(
                "required string id = 9;",
                "string id = 9 [features.field_presence = LEGACY_REQUIRED];",
            )
        },
    ),
    "proto3-to-editions-defaults": (
        {"a.proto": P3 + EDITIONS},
        {"a.proto": ED + EDITIONS},
    ),
    "edition-2023-to-2024": (
        {"a.proto": ED + EDITIONS},
        {"a.proto": ED.replace("2023", "2024") + EDITIONS},
    ),
    "editions-file-presence-implicit": (
        {"a.proto": ED + EDITIONS},
        {
            "a.proto": ED.replace(
                "\n\npackage", "\n\noption features.field_presence = IMPLICIT;\n\npackage"
            )
            + EDITIONS
        },
    ),
    "editions-message-feature-inherited": (
        {"a.proto": ED + EDITIONS},
        {
            "a.proto": ED
            + EDITIONS.replace(
                "message Order {\n",
                "message Order {\n  option features.json_format = LEGACY_BEST_EFFORT;\n",
            )
        },
    ),
    "editions-enum-closed-and-json": (
        {"a.proto": ED + EDITIONS},
        {
            "a.proto": ED
            + EDITIONS.replace(
                "enum Size {\n",
                "enum Size {\n  option features.enum_type = CLOSED;\n"
                "  option features.json_format = LEGACY_BEST_EFFORT;\n",
            )
        },
    ),
    "editions-file-enum-closed": (
        {"a.proto": ED + EDITIONS},
        {
            "a.proto": ED.replace(
                "\n\npackage", "\n\noption features.enum_type = CLOSED;\n\npackage"
            )
            + EDITIONS
        },
    ),
    "editions-delimited-and-expanded": (
        {"a.proto": ED + EDITIONS},
        {
            "a.proto": ED
            + EDITIONS.replace(
                "Order parent = 3;", "Order parent = 3 [features.message_encoding = DELIMITED];"
            ).replace(
                "repeated int32 codes = 4;",
                "repeated int32 codes = 4 [features.repeated_field_encoding = EXPANDED];",
            )
        },
    ),
    "editions-field-presence-explicit": (
        {
            "a.proto": ED.replace(
                "\n\npackage", "\n\noption features.field_presence = IMPLICIT;\n\npackage"
            )
            + EDITIONS
        },
        {
            "a.proto": ED.replace(
                "\n\npackage", "\n\noption features.field_presence = IMPLICIT;\n\npackage"
            )
            + EDITIONS.replace(
                "int32 qty = 2;", "int32 qty = 2 [features.field_presence = EXPLICIT];"
            )
        },
    ),
    "field-options": (
        {"a.proto": P2 + FIELDS_P2},
        {
            "a.proto": P2
            + FIELDS_P2.replace("int64 total = 1;", "int64 total = 1 [jstype = JS_STRING];")
            .replace("bytes blob = 3;", "bytes blob = 3 [ctype = CORD];")
            .replace("[default = 1]", "[default = 2]")
            .replace("optional Size size = 5;", "optional Size size = 5 [default = SIZE_LARGE];")
            .replace('[default = "none"]', "")
            .replace("[default = 0.5]", "[default = 0.25]")
            .replace("optional bool gift = 8;", "optional bool gift = 8 [default = false];")
        },
    ),
    "java-string-check-utf8": (
        {"a.proto": P2 + "option java_string_check_utf8 = true;\n\n" + FIELDS_P2},
        {"a.proto": P2 + FIELDS_P2},
    ),
    "editions-utf8-and-cpp-string-type": (
        {
            "a.proto": ED.replace(
                "\n\npackage",
                '\n\nimport "google/protobuf/cpp_features.proto";\nimport "google/protobuf/java_features.proto";\n\npackage',
            )
            + EDITIONS.replace("string id = 1;", "string id = 1;\n  bytes blob = 9;")
        },
        {
            "a.proto": ED.replace(
                "\n\npackage",
                '\n\nimport "google/protobuf/cpp_features.proto";\nimport "google/protobuf/java_features.proto";\n\npackage',
            )
            + EDITIONS.replace(
                "string id = 1;",
                "string id = 1 [features.(pb.java).utf8_validation = VERIFY];\n"
                "  bytes blob = 9 [features.(pb.cpp).string_type = CORD];",
            ).replace("string sku = 1;", "string sku = 1 [features.utf8_validation = NONE];")
        },
    ),
    "nested-removed-with-parent": (
        {"a.proto": P3 + NESTED + "\nmessage Keep {\n  string id = 1;\n}\n"},
        {"a.proto": P3 + "message Keep {\n  string id = 1;\n}\n"},
    ),
    "nested-removed-parent-kept": (
        {"a.proto": P3 + NESTED},
        {
            "a.proto": P3
            + "message Order {\n  string id = 1;\n  map<string, int32> counts = 2;\n}\n"
        },
    ),
    "map-field-removed": (
        {"a.proto": P3 + NESTED},
        {"a.proto": P3 + NESTED.replace("  map<string, int32> counts = 2;\n", "")},
    ),
    "file-removed": (
        {"a.proto": P3 + ORDER, "b.proto": P3 + "message Item {\n  string sku = 1;\n}\n"},
        {"a.proto": P3 + ORDER},
    ),
    "package-removed": (
        {
            "a.proto": P3 + ORDER,
            "b.proto": P3.replace("shop", "stock") + "message Item {\n  string sku = 1;\n}\n",
        },
        {"a.proto": P3 + ORDER},
    ),
    "package-changed": (
        {"a.proto": P3 + ORDER},
        {"a.proto": P3.replace("shop", "shop.v2") + ORDER},
    ),
    "message-moved-to-other-file": (
        {
            "a.proto": P3 + ORDER + "\nmessage Item {\n  string sku = 1;\n}\n",
            "b.proto": P3 + "message Other {\n  string x = 1;\n}\n",
        },
        {
            "a.proto": P3 + ORDER,
            "b.proto": P3
            + "message Other {\n  string x = 1;\n}\n\nmessage Item {\n  string sku = 1;\n}\n",
        },
    ),
    "nested-and-extension-moved-to-other-file": (
        {
            "a.proto": P2
            + EXTENSIONS.replace(
                "message Holder {",
                "message Holder {\n  message Inner {\n    optional string x = 1;\n  }",
            ),
            "b.proto": P2 + "message Other {\n  optional string x = 1;\n}\n",
        },
        {
            "a.proto": P2 + EXTENSIONS.split("\nmessage Holder")[0],
            "b.proto": P2.replace("package shop;", 'package shop;\n\nimport "a.proto";')
            + "message Other {\n  optional string x = 1;\n}\n\n"
            + "message Holder {\n  message Inner {\n    optional string x = 1;\n  }\n  extend Order {\n    optional bool rush = 110;\n  }\n}\n",
        },
    ),
    "message-moved-out-of-package": (
        {"a.proto": P3 + ORDER + "\nmessage Item {\n  string sku = 1;\n}\n"},
        {
            "a.proto": P3 + ORDER,
            "b.proto": P3.replace("shop", "stock") + "message Item {\n  string sku = 1;\n}\n",
        },
    ),
    "extensions-changed": (
        {"a.proto": P2 + EXTENSIONS},
        {
            "a.proto": P2
            + EXTENSIONS.replace("optional string gift_note = 100;\n", "")
            .replace("optional int32 priority = 101;", "optional int64 priority = 101;")
            .replace("optional bool rush = 110;", "optional bool rushed = 110;")
            .replace("extensions 100 to 199;", "extensions 100 to 149;")
        },
    ),
    "extension-number-changed": (
        {"a.proto": P2 + EXTENSIONS},
        {"a.proto": P2 + EXTENSIONS.replace("priority = 101;", "priority = 102;")},
    ),
    "extensions-removed-with-holder": (
        {"a.proto": P2 + EXTENSIONS},
        {"a.proto": P2 + EXTENSIONS.split("\nmessage Holder")[0]},
    ),
    "enum-and-service-removed": (
        {
            "a.proto": P3
            + ORDER
            + "\nenum Size {\n  SIZE_UNSPECIFIED = 0;\n}\n\nservice Shop {\n  rpc Get(Order) returns (Order);\n}\n"
        },
        {"a.proto": P3 + ORDER},
    ),
    "enum-reserved-dropped": (
        {
            "a.proto": P3
            + 'enum Size {\n  SIZE_UNSPECIFIED = 0;\n  reserved 5 to 9;\n  reserved "SIZE_HUGE";\n}\n'
        },
        {"a.proto": P3 + "enum Size {\n  SIZE_UNSPECIFIED = 0;\n  reserved 5 to 7;\n}\n"},
    ),
    "oneof-removed": (
        {
            "a.proto": P3
            + "message Order {\n  oneof pay {\n    string card = 1;\n  }\n  optional string note = 2;\n}\n"
        },
        {"a.proto": P3 + "message Order {\n  string card = 1;\n  string note = 2;\n}\n"},
    ),
    "descriptor-accessor": (
        {"a.proto": P3 + ORDER},
        {
            "a.proto": P3
            + ORDER.replace("{\n", "{\n  option no_standard_descriptor_accessor = true;\n")
        },
    ),
    "rpc-options": (
        {"a.proto": P3 + SERVICE},
        {
            "a.proto": P3
            + SERVICE.replace("    option idempotency_level = NO_SIDE_EFFECTS;\n", "")
            .replace(
                "rpc Put(Req) returns (Resp);",
                "rpc Put(stream Req) returns (Resp) {\n    option idempotency_level = IDEMPOTENT;\n  }",
            )
            .replace("returns (stream Resp)", "returns (Req)")
        },
    ),
    "service-and-rpc-removed": (
        {"a.proto": P3 + SERVICE + "\nservice Admin {\n  rpc Purge(Req) returns (Resp);\n}\n"},
        {"a.proto": P3 + SERVICE.replace("  rpc Watch(Req) returns (stream Resp);\n", "")},
    ),
    "required-removed": (
        {
            "a.proto": P2
            + "message Order {\n  required string id = 1;\n  required int32 gone = 4;\n}\n"
        },
        {"a.proto": P2 + "message Order {\n  required string id = 1;\n}\n"},
    ),
    "required-changes": (
        {
            "a.proto": P2
            + "message Order {\n  required string id = 1;\n  optional string note = 2;\n}\n"
        },
        {
            "a.proto": P2
            + "message Order {\n  optional string id = 1;\n  required string note = 2;\n  required int32 qty = 3;\n}\n"
        },
    ),
    "names-and-json-names": (
        {
            "a.proto": P3
            + "message Order {\n  string id = 1;\n  string note = 2;\n  string memo = 3;\n}\n\nenum Size {\n  SIZE_UNSPECIFIED = 0;\n  SIZE_SMALL = 1;\n}\n"
        },
        {
            "a.proto": P3
            + 'message Order {\n  string id = 1 [json_name = "ident"];\n  string remark = 2;\n  string memo = 3 [json_name = "memo"];\n}\n\nenum Size {\n  SIZE_UNSPECIFIED = 0;\n  SIZE_S = 1;\n}\n'
        },
    ),
    "types-and-cardinality": (
        {
            "a.proto": P3
            + "message Order {\n  int32 qty = 1;\n  string note = 2;\n  repeated string tags = 3;\n  Item item = 4;\n  map<string, int32> counts = 5;\n  optional int32 n = 6;\n}\n\nmessage Item {\n  string sku = 1;\n}\n"
        },
        {
            "a.proto": P3
            + "message Order {\n  int64 qty = 1;\n  bytes note = 2;\n  string tags = 3;\n  Other item = 4;\n  map<string, int64> counts = 5;\n  int32 n = 6;\n}\n\nmessage Item {\n  string sku = 1;\n}\n\nmessage Other {\n  string x = 1;\n}\n"
        },
    ),
}
