"""The contract test runner behind `stele test`.

Three sources of values, one kind of result (`stele.report.model.Result`, rendered by the
shared reporters):

- `examples.run_examples`: every example of every type and message, validated against every
  generated artifact (JSON Schema, pydantic models, Avro, Protobuf) and round-tripped through
  every format of the encoding layer; results located at the example in the YAML.
- `captures.CaptureReader` + `messages.check_stream`: real messages from a capture file (JSON
  lines, Avro object container files, schema-registry framed records, length-delimited
  Protobuf), read as a stream under a message-size limit and checked against their message type
  and their interaction style; results located at the capture file and record.
- `http.run_http`: schemathesis against a live service with the generated OpenAPI, plus the
  `expand` promise; results located at the operation in the YAML.

Every rule id a result can carry is in `stele.report.test_rules.TEST_RULES`. Heavy libraries
(jsonschema, pydantic, fastavro, google.protobuf, schemathesis) are imported inside the functions
that use them.
"""
