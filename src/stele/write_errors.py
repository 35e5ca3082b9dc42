"""Diagnostics of writing files: refused targets, a busy project, failed writes (W0xx)."""

from __future__ import annotations

import errno
from pathlib import Path

from stele.config import CONFIG_NAME, Config
from stele.diagnostics import Diagnostic, SteleError, error, warning
from stele.ir import Span
from stele.source.yaml_nodes import YMap, parse_yaml

_FULL = (errno.ENOSPC, errno.EDQUOT)
_DENIED = (errno.EACCES, errno.EPERM, errno.EROFS)


def shown_path(config: Config, path: Path) -> str:
    """`path` relative to the project root, as diagnostics show it."""
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return path.as_posix()


def setting_span(config: Config, key: str) -> Span:
    """Where `key` (output, lock, baseline) is written in stele.yaml, or the file itself."""
    name = config.span.path if config.span.path else CONFIG_NAME
    try:
        node = parse_yaml((config.root / name).read_text(encoding="utf-8"), name)
    except (OSError, UnicodeDecodeError, SteleError):
        return config.span
    value = node.get(key) if isinstance(node, YMap) else None
    return value.span if value is not None else config.span


def write_failed(shown: str, exc: OSError, done: str = "nothing was changed") -> SteleError:
    """W003: a write failed (disk full, read-only folder, no permission), exit 2."""
    reason = exc.strerror or str(exc)
    if exc.errno in _FULL:
        hint = "free some disk space and run again"
    elif exc.errno in _DENIED:
        hint = "make the project folder writable, then run again"
    else:
        hint = "check the folder and run again"
    return SteleError(
        [error("W003", f"cannot write {shown}: {reason}; {done}", Span(shown, 1, 1), hint)]
    )


def refused(span: Span, message: str, hint: str) -> SteleError:
    """W001: a folder stele would replace but did not write."""
    return SteleError([error("W001", message, span, hint)])


def cleanup_failed(shown: str, exc: OSError) -> Diagnostic:
    """W004 (a warning): a leftover of this or an earlier run could not be removed."""
    return warning(
        "W004",
        f"could not remove {shown}: {exc.strerror or exc}",
        Span(shown, 1, 1),
        "remove it by hand; the next stele run tries again",
    )
