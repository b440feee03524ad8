"""Which fields of a claim record count as a change, and the changes between two records.

Fields are named by dotted paths into the record (``value``, ``source.name``, ``extractor.version``).
Naming a nested field's parent (``source``) names all of it.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from extractor.records import Claim

# `claim_id` is the alignment key, not a field of the claim. `extractor` says which program wrote the
# record: comparing two extractor versions would otherwise report every claim as changed.
DEFAULT_IGNORED: tuple[str, ...] = ("claim_id", "extractor")

Changes = dict[str, tuple[Any, Any]]


@cache
def contract_fields() -> tuple[str, ...]:
    """Every dotted field path of the record contract, parents before their children."""

    def walk(kind: type, prefix: str) -> list[str]:
        paths = []
        for name, hint in typing.get_type_hints(kind).items():
            paths.append(prefix + name)
            nested = [arg for arg in (hint, *typing.get_args(hint)) if dataclasses.is_dataclass(arg)]
            if nested:
                paths.extend(walk(nested[0], f"{prefix}{name}."))
        return paths

    return tuple(walk(Claim, ""))


def _within(path: str, names: Iterable[str]) -> bool:
    """Whether `path` is one of `names` or lies inside one of them."""
    return any(path == name or path.startswith(name + ".") for name in names)


def _encloses(path: str, names: Iterable[str]) -> bool:
    """Whether one of `names` lies strictly inside `path`."""
    return any(name.startswith(path + ".") for name in names)


@dataclass(frozen=True)
class FieldSelection:
    """The fields whose differences count: `only` those (all when None), minus `ignored`."""

    only: tuple[str, ...] | None = None
    ignored: tuple[str, ...] = DEFAULT_IGNORED

    @classmethod
    def of(cls, fields: Iterable[str] | None = None, ignore: Iterable[str] = ()) -> FieldSelection:
        """The selection a user asks for: the default ignored fields stay ignored unless `fields` names
        them (or a part of them); `ignore` adds to them. Unknown field names raise ValueError."""
        only = None if fields is None else tuple(fields)
        ignore = tuple(ignore)
        known = contract_fields()
        unknown = [name for name in (*(only or ()), *ignore) if name not in known]
        if unknown:
            raise ValueError(f"unknown field {unknown[0]!r} (fields: {', '.join(known)})")
        named = only or ()
        defaults = tuple(
            name for name in DEFAULT_IGNORED if not (_within(name, named) or _encloses(name, named))
        )
        return cls(only=only, ignored=defaults + ignore)

    def counts(self, path: str) -> bool:
        """Whether a difference at `path` (and everywhere inside it) counts."""
        return (self.only is None or _within(path, self.only)) and not _within(path, self.ignored)

    def whole(self, path: str) -> bool:
        """Whether every part of `path` counts, so a change of its shape can be reported in one piece."""
        return self.counts(path) and not _encloses(path, self.ignored)

    def reaches(self, path: str) -> bool:
        """Whether some part of `path` counts."""
        if _within(path, self.ignored):
            return False
        return self.only is None or _within(path, self.only) or _encloses(path, self.only)


def field_changes(old: dict[str, Any], new: dict[str, Any], selection: FieldSelection) -> Changes:
    """The differences that count between two records, as {dotted field: (old value, new value)}.

    Nested objects are compared field by field; an object that appears or vanishes (``source``
    null on one side) is one change of the whole object unless only some of its fields count.
    """
    changes: Changes = {}
    if old != new:  # most claims did not change: one comparison in C says so
        _compare(old, new, selection, "", changes)
    return changes


def _compare(
    old: dict[str, Any], new: dict[str, Any], selection: FieldSelection, prefix: str, out: Changes
) -> None:
    for key in dict.fromkeys([*old, *new]):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        path = prefix + key
        if not selection.reaches(path):
            continue
        both_objects = isinstance(before, dict) and isinstance(after, dict)
        one_object = isinstance(before, dict) or isinstance(after, dict)
        if both_objects or (one_object and not selection.whole(path)):
            _compare(_as_object(before), _as_object(after), selection, path + ".", out)
        elif selection.counts(path):
            out[path] = (before, after)


def _as_object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
