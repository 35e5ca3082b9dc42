"""The contract diff: two versions of a project -> a typed list of changes, one per element.

Elements pair by qualified name, and by `renamed_from` for types, fields and enum symbols
(`pairing`). Each changed attribute of a paired element is one `ContractChange` (`changes`): the
types' changes are found by `diff_types`, those of messages, channels and services by
`diff_services`. A type changed once is one change at that type's member, not one per message
that holds it; the judges find the holders (`holders.py`).

Documentation and examples are not part of the contract: editing them is no change.
"""

from __future__ import annotations

from stele.compat.contract.changes import ContractChange
from stele.compat.contract.diff_services import ServiceDiff
from stele.compat.contract.diff_types import TypeDiff
from stele.ir import Project


def diff_projects(old: Project, new: Project) -> list[ContractChange]:
    """Every change from `old` to `new`, sorted by element, kind and values."""
    differ = _Differ(old, new)
    differ.run()
    unique = {(c.sort_key(), c.old_span, c.new_span): c for c in differ.out}
    return sorted(unique.values(), key=ContractChange.sort_key)


class _Differ(TypeDiff, ServiceDiff):
    def run(self) -> None:
        self.types()
        self.messages()
        self.channels()
        self.services()
