"""What every OpenAPI rule function is given: both documents, the day, the schema views and the
policy, and which way the documents are read."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from stele.compat.apidocs import Document
from stele.compat.openapi.pairing import operations
from stele.compat.openapi.properties import PropertyWalk
from stele.compat.openapi.schemas import Views
from stele.compat.schema_bridge import Policy


@dataclass
class Context:
    old: Document
    new: Document
    today: datetime.date
    views: Views = field(default_factory=Views)
    policy: Policy = "strict"
    # FORWARD, run as BACKWARD on swapped documents: `old` is the new document, `new` the old.
    swapped: bool = False
    _new_ids: frozenset[str] | None = None
    properties: PropertyWalk = field(default_factory=PropertyWalk)
    callback: bool = False  # judging a callback: the documents are swapped (`exchange`)

    def new_ids(self) -> frozenset[str]:
        """The `operationId`s of the `new` document, gathered once."""
        if self._new_ids is None:
            found = (o.node.get("operationId") for o in operations(self.new).values())
            self._new_ids = frozenset(i for i in found if isinstance(i, str))
        return self._new_ids
