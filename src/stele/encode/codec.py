"""What every codec is: one format's encoder and decoder of canonical values, and the error its
readers raise."""

from __future__ import annotations

from typing import Protocol

from stele.ir import Value


class DecodeError(ValueError):
    """Data a reader cannot turn into a canonical value."""


class Codec(Protocol):
    """One format's encoder and decoder of canonical values, keyed by qualified type name."""

    @property
    def name(self) -> str: ...

    def encode(self, type_name: str, value: Value) -> bytes: ...

    def decode(self, type_name: str, data: bytes, writer: Codec | None = None) -> Value: ...
