"""The one layout of a rule's reference text: what it flags, why it breaks, an example, instead.

Every format's catalogue writes its records' `doc` with `doc()`; the example and the fix are
blocks made by `old_new()` (an old and a new artifact) or `fenced()` (one block), or plain text.
`stele rules ID` and docs/rules.md show the text as written here.
"""

from __future__ import annotations


def doc(flags: str, why: str, example: str, instead: str) -> str:
    """A rule's four sections, in markdown."""
    return (
        f"## What it flags\n\n{flags}\n\n## Why it breaks\n\n{why}\n\n"
        f"## Example\n\n{example}\n\n## Instead\n\n{instead}\n"
    )


def fenced(lang: str, text: str) -> str:
    """One code block."""
    return f"```{lang}\n{text}\n```"


def old_new(lang: str, old: str, new: str) -> str:
    """The old artifact and the new one, each in its own code block."""
    return f"Old:\n\n{fenced(lang, old)}\n\nNew:\n\n{fenced(lang, new)}"
