"""Semantic versions of releases: parsing, precedence (pre-releases included) and bumps.

Precedence follows semver.org (section 11): MAJOR.MINOR.PATCH compared as numbers, a
pre-release sorts before its release (1.2.0-rc.1 < 1.2.0), and pre-release identifiers compare
one by one, numeric ones as numbers and below alphanumeric ones, a shorter list first when the
longer one starts with it (1.2.0-alpha < 1.2.0-alpha.1 < 1.2.0-alpha.beta < 1.2.0-beta.2 <
1.2.0-beta.11 < 1.2.0-rc.1). Build metadata (`+...`) is not allowed: a release is a folder,
and two names of one precedence would be two releases of one version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

_IDENTIFIER = r"(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)"
VERSION = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)" rf"(?:-({_IDENTIFIER}(?:\.{_IDENTIFIER})*))?$"
)


MAX_LENGTH = 128
# MAJOR, MINOR, PATCH, 1 for a release (0 before it), the pre-release identifiers.
SortKey = tuple[int, int, int, int, tuple[tuple[int, int, str], ...]]


class Bump(IntEnum):
    """How far a version moves from another: the part of MAJOR.MINOR.PATCH that went up."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    @property
    def word(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Version:
    major: int
    minor: int
    patch: int
    pre: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Version | None:
        """The version `text` spells, or None. At most MAX_LENGTH characters: a release is a
        folder name, and int() refuses numbers of thousands of digits."""
        if len(text) > MAX_LENGTH:
            return None
        match = VERSION.match(text)
        if match is None:
            return None
        major, minor, patch, pre = match.groups()
        return cls(int(major), int(minor), int(patch), tuple(pre.split(".")) if pre else ())

    def __str__(self) -> str:
        core = f"{self.major}.{self.minor}.{self.patch}"
        return core + (f"-{'.'.join(self.pre)}" if self.pre else "")

    @property
    def core(self) -> tuple[int, int, int]:
        return (self.major, self.minor, self.patch)

    @property
    def stable(self) -> bool:
        return not self.pre

    @property
    def release(self) -> Version:
        """The release this pre-release leads to (itself when stable)."""
        return Version(self.major, self.minor, self.patch)

    def key(self) -> SortKey:
        """Sorts as semver precedence."""
        if not self.pre:
            return (self.major, self.minor, self.patch, 1, ())
        parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in self.pre)
        return (self.major, self.minor, self.patch, 0, parts)

    def bump_to(self, newer: Version) -> Bump:
        """The part of MAJOR.MINOR.PATCH that goes up from this version to `newer`."""
        if newer.major != self.major:
            return Bump.MAJOR if newer.major > self.major else Bump.NONE
        if newer.minor != self.minor:
            return Bump.MINOR if newer.minor > self.minor else Bump.NONE
        return Bump.PATCH if newer.patch > self.patch else Bump.NONE

    def bumped(self, bump: Bump) -> Version:
        if bump is Bump.MAJOR:
            return Version(self.major + 1, 0, 0)
        if bump is Bump.MINOR:
            return Version(self.major, self.minor + 1, 0)
        if bump is Bump.PATCH:
            return Version(self.major, self.minor, self.patch + 1)
        return self


def version_key(text: str) -> SortKey:
    version = Version.parse(text)
    if version is None:
        raise ValueError(text)
    return version.key()


def needed_bump(last: Version, breaking: bool, changed: bool) -> Bump:
    """What a release after `last` must bump. From 1.0.0 on: a break, MAJOR; a compatible
    change of the contracts (an addition, a deprecation), MINOR; documentation and examples
    only, PATCH. Before 1.0.0 (the 0.x convention of semver's FAQ and of Cargo): a break,
    MINOR; anything else, PATCH."""
    if last.major == 0:
        return Bump.MINOR if breaking else Bump.PATCH
    if breaking:
        return Bump.MAJOR
    return Bump.MINOR if changed else Bump.PATCH
