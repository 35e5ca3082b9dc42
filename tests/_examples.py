"""How many examples a property test with a number of its own tries (docs/testing.md, "What the
suite costs"): `make test` runs a quarter of the number written, at least 50; `make test-deep`
(STELE_DEEP=1) runs the number written. The tests that leave the number to the profile run
hypothesis' default 100 either way; STELE_FUZZ_EXAMPLES, where set, gives the fuzz tests theirs."""

from __future__ import annotations

import os

DEEP = os.environ.get("STELE_DEEP", "") not in ("", "0")


def examples(deep: int) -> int:
    """The examples to try: `deep` in the deep run, a quarter of it (at least 50) otherwise."""
    return deep if DEEP else min(deep, max(50, deep // 4))
