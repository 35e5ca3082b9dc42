"""The format mapping: how a contract's types and values are spelled in each format.

Canonical text of scalars, Avro scalar and value conversions, the Avro and GraphQL names, the
Protobuf file options, and the names and paths of the generated artifacts. The emitters, codecs,
compatibility checks, size measurements and tests all import it from below; it imports only the
project model (`stele.ir`, `stele.config`, `stele.diagnostics`) beneath it.
"""
