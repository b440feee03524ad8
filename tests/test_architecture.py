"""The import rule of docs/architecture.md, checked over every import in the package (read with ast).

The table in the document is the rule: each module belongs to one part, and a part imports only its own
modules and the parts it lists, which stand above it in the table. Also: no circle of imports between
modules, and no module outside nlp/ and normalize/ over 500 lines.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "extractor"
DOCUMENT = ROOT / "docs" / "architecture.md"
MAX_LINES = 500
LEFT_TO_THEIR_OWN_ISSUES = ("nlp/", "normalize/")  # reshaped by the fields and quantities issues


@dataclass(frozen=True)
class Part:
    name: str
    paths: tuple[str, ...]  # inside extractor/: a file ("records.py") or a folder ("article/")
    may_import: tuple[str, ...]


@dataclass(frozen=True)
class Import:
    importer: str  # a path inside extractor/, "run/batch.py"
    line: int
    imported: str  # the same for the module imported
    names: tuple[str, ...]  # what `from extractor import ...` takes; empty for the other forms
    type_checking: bool  # under `if TYPE_CHECKING:`: a dependency, but never run


@cache
def parts() -> tuple[Part, ...]:
    """The rows of the table under "## The import rule"."""
    text = DOCUMENT.read_text(encoding="utf-8").split("## The import rule", 1)[1]
    rows = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) != 3 or cells[0] in ("part", "---"):
            continue
        name, paths, may_import = cells
        allowed = tuple(filter(None, re.split(r",\s*", may_import)))
        rows.append(Part(name, tuple(re.findall(r"`([^`]+)`", paths)), allowed))
    return tuple(rows)


@cache
def known_exceptions() -> frozenset[tuple[str, str]]:
    """(importer, imported) of the list "Known exceptions", both paths inside extractor/."""
    text = DOCUMENT.read_text(encoding="utf-8").split("### Known exceptions", 1)[1]
    return frozenset(re.findall(r"^- `([\w/]+\.py)` imports `([\w/]+\.py)`", text, re.MULTILINE))


def modules() -> dict[str, Path]:
    """Dotted module name → file, for every module of the package."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        dotted = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(dotted[:-1] if dotted[-1] == "__init__" else dotted)] = path
    return found


def inside(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def part_of(path: str) -> Part | None:
    """The part of the longest path in the table that holds `path` (a file inside extractor/)."""
    best: tuple[int, Part] | None = None
    for part in parts():
        for claimed in part.paths:
            if path == claimed or (claimed.endswith("/") and path.startswith(claimed)):
                if best is None or len(claimed) > best[0]:
                    best = (len(claimed), part)
    return best[1] if best else None


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports() -> Iterator[Import]:
    """Every import of a module of the package, anywhere in a file (inside functions too)."""
    known = modules()

    def visit(node: ast.AST, path: Path, type_checking: bool) -> Iterator[Import]:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for statement in node.body:
                yield from visit(statement, path, True)
            for statement in node.orelse:
                yield from visit(statement, path, type_checking)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known:
                    yield Import(inside(path), node.lineno, inside(known[alias.name]), (), type_checking)
        elif isinstance(node, ast.ImportFrom) and node.module in known:
            assert node.level == 0, f"{inside(path)}:{node.lineno}: a relative import"
            names = tuple(alias.name for alias in node.names)
            for name in names:  # `from extractor.run import batch` imports the module run/batch.py
                target = known.get(f"{node.module}.{name}", known[node.module])
                yield Import(inside(path), node.lineno, inside(target), names, type_checking)
        for child in ast.iter_child_nodes(node):
            yield from visit(child, path, type_checking)

    for path in sorted(known.values()):
        yield from visit(ast.parse(path.read_text(encoding="utf-8")), path, False)


def only_the_version(found: Import) -> bool:
    """`from extractor import __version__`: the version, which belongs to no stage."""
    return found.imported == "__init__.py" and found.names == ("__version__",)


def rule_breaks(found_imports: Iterable[Import]) -> list[tuple[Import, Part, Part]]:
    """The imports that the table does not allow, with the parts of both ends."""
    breaks = []
    for found in found_imports:
        importer, imported = part_of(found.importer), part_of(found.imported)
        assert importer is not None and imported is not None
        if importer == imported or imported.name in importer.may_import or only_the_version(found):
            continue
        breaks.append((found, importer, imported))
    return breaks


def circle(graph: dict[str, set[str]]) -> tuple[str, ...] | None:
    """A circle of modules that import each other (the first found), or None."""
    for start in sorted(graph):
        stack, seen = [(start, (start,))], set()
        while stack:
            module, path = stack.pop()
            for imported in sorted(graph.get(module, ())):
                if imported == start:
                    return (*path, imported)
                if imported not in seen:
                    seen.add(imported)
                    stack.append((imported, (*path, imported)))
    return None


def test_the_table_names_each_part_once_and_only_parts_above_it() -> None:
    names = [part.name for part in parts()]
    assert len(names) == len(set(names)) and {"records", "fetch", "article", "nlp", "normalize"} <= set(names)
    for index, part in enumerate(parts()):
        above = names[:index]
        assert set(part.may_import) <= set(above), f"{part.name} may import a part below it"
        for claimed in part.paths:
            assert (PACKAGE / claimed).exists(), f"{claimed} of part {part.name} is not in extractor/"


def test_every_module_belongs_to_a_part() -> None:
    unclaimed = sorted(inside(path) for path in modules().values() if part_of(inside(path)) is None)
    assert not unclaimed, f"add these to the table of docs/architecture.md: {unclaimed}"


def test_every_import_follows_the_rule() -> None:
    told = [
        f"extractor/{found.importer}:{found.line} ({importer.name}) imports "
        f"extractor/{found.imported} ({imported.name})"
        for found, importer, imported in rule_breaks(imports())
        if (found.importer, found.imported) not in known_exceptions()
    ]
    assert not told, "imports against the rule of docs/architecture.md:\n" + "\n".join(told)


def test_each_known_exception_still_occurs() -> None:
    occurring = {(found.importer, found.imported) for found, _, _ in rule_breaks(imports())}
    gone = sorted(known_exceptions() - occurring)
    assert not gone, f"no longer imported: take them off the list in docs/architecture.md: {gone}"


def test_the_rule_tells_a_later_stage_from_an_earlier_one() -> None:
    late = Import("article/parse.py", 1, "run/batch.py", ("batch",), type_checking=False)
    early = Import("run/extraction.py", 1, "article/__init__.py", ("parse_html",), type_checking=False)
    version = Import("run/fetch.py", 1, "__init__.py", ("__version__",), type_checking=False)
    more = Import("run/fetch.py", 1, "__init__.py", ("__version__", "Claim"), type_checking=False)
    assert [found for found, _, _ in rule_breaks([late, early, version, more])] == [late, more]


def run_time_graph(found_imports: Iterable[Import]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for found in found_imports:
        if not found.type_checking and not only_the_version(found):
            graph.setdefault(found.importer, set()).add(found.imported)
    return graph


def test_no_modules_import_each_other_in_a_circle() -> None:
    """Imports that run (not those under TYPE_CHECKING), inside functions included: a circle there is a
    circle at some moment of a run."""
    found = circle(run_time_graph(imports()))
    assert found is None, "import circle: " + " → ".join(found or ())


def test_a_circle_through_an_import_inside_a_function_is_found() -> None:
    """The circle the run side had: batch imported distributed inside a function, distributed batch."""
    lazy = Import("run/batch.py", 300, "run/distributed.py", ("DaskExtraction",), type_checking=False)
    back = Import("run/distributed.py", 18, "run/batch.py", ("extract_pages",), type_checking=False)
    assert circle(run_time_graph([lazy, back])) == ("run/batch.py", "run/distributed.py", "run/batch.py")
    typing_only = Import("run/distributed.py", 18, "run/batch.py", ("Result",), type_checking=True)
    assert circle(run_time_graph([lazy, typing_only])) is None


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda path: inside(path))
def test_no_module_over_500_lines_outside_nlp_and_normalize(path: Path) -> None:
    if inside(path).startswith(LEFT_TO_THEIR_OWN_ISSUES):
        return
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{inside(path)} has {lines} lines: split it by concern"
