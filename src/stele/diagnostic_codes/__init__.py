"""The catalogue of diagnostic codes: every code stele reports, with its family, severity, title,
doc, an example and the fix.

The codes themselves live in one module per family (`stele.diagnostic_codes._source`, ...), as
data; this module loads them on first use, so that importing it costs nothing at start-up.
docs/diagnostics.md is generated from the catalogue (`stele explain --markdown`), `stele explain
CODE` prints one entry, and SARIF takes its rule help from here. tests/test_diagnostic_codes.py
holds the catalogue to the source: every code a diagnostic is built with is catalogued, and every
catalogued code is reported somewhere or marked retired.
"""

from __future__ import annotations

import functools
import importlib
import re
from dataclasses import dataclass

from stele.diagnostic_codes._families import FAMILIES, Family
from stele.diagnostics import Severity

__all__ = ["FAMILIES", "Code", "Family", "catalogue", "family_of", "lookup", "nearest"]

CODE_SHAPE = re.compile(r"[A-Z]\d{3}")


@dataclass(frozen=True)
class Code:
    """One diagnostic code. `doc` says what causes it (markdown, no trailing period), `example`
    shows input that causes it, `fix` how to make it go away; `retired` says why and since when
    a code is no longer reported (its number is never given to another meaning)."""

    code: str
    severity: Severity
    title: str
    doc: str
    example: str = ""
    fix: str = ""
    retired: str = ""

    @property
    def family(self) -> Family:
        return FAMILIES[self.code[0]]


@functools.cache
def catalogue() -> dict[str, Code]:
    """Every code, in the order of docs/diagnostics.md: family by family, by number."""
    found: dict[str, Code] = {}
    for family in FAMILIES.values():
        codes: list[Code] = []
        for name in family.modules:
            codes += importlib.import_module(f"stele.diagnostic_codes.{name}").CODES
        for entry in sorted(codes, key=lambda c: c.code):
            if entry.code in found:
                raise ValueError(f"diagnostic code {entry.code} is catalogued twice")
            found[entry.code] = entry
    return found


def lookup(code: str) -> Code | None:
    """The entry of a code, spelled in any case (`s100` is S100)."""
    return catalogue().get(code.strip().upper())


def family_of(code: str) -> Family | None:
    return FAMILIES.get(code.strip()[:1].upper())


def nearest(code: str, count: int = 3) -> list[str]:
    """The known codes closest to an unknown one: the first codes it begins; of its family, the
    nearest numbers; else the codes that look most alike."""
    import difflib

    wanted = code.strip().upper()
    codes = list(catalogue())
    starting = [c for c in codes if wanted and c.startswith(wanted)]
    if starting:
        return starting[:count]
    if CODE_SHAPE.fullmatch(wanted):
        kin = [c for c in codes if c[0] == wanted[0]]
        number = int(wanted[1:])
        return sorted(sorted(kin, key=lambda c: (abs(int(c[1:]) - number), c))[:count])
    return difflib.get_close_matches(wanted, codes, n=count, cutoff=0.5)
