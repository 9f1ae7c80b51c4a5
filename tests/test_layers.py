"""The layers only point down, and no two packages import each other.

cli → jobs (spotcheck, predial) → ledger / lists / redact → files / config → the base modules
(errors, clock, reasons) → recognizers. Imports inside a function count too: a late import is still
a dependency. Each subpackage shows its public face in ``__all__``.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = {
    "recognizers": 0,
    "screen": 1,  # errors, clock, reasons, the version
    "screen.files": 2,
    "screen.config": 2,
    "screen.asr": 2,
    "screen.lists": 3,
    "screen.redact": 3,
    "screen.ledger": 3,
    "screen.predial": 4,
    "screen.spotcheck": 4,
    "screen.audio": 4,  # redacts a call's recording from the redaction's findings; spotcheck reads its spans files
    "screen.cli": 5,
}
SUBPACKAGES = sorted(name for name in LAYERS if name.startswith("screen."))


def _package_of(module: str) -> str:
    if module == "screen.__main__":
        return "screen.cli"  # `python -m screen` is the command line
    parts = module.split(".")
    if parts[0] == "recognizers":
        return "recognizers"
    candidate = ".".join(parts[:2])
    return candidate if candidate in LAYERS else "screen"


def _imports() -> dict[str, set[tuple[str, str]]]:
    """package -> {(imported package, importing file)}, for imports between different packages."""
    edges = defaultdict(set)
    for path in [*ROOT.glob("screen/**/*.py"), *ROOT.glob("recognizers/**/*.py")]:
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        source = _package_of(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                if name.split(".")[0] in ("screen", "recognizers") and _package_of(name) != source:
                    edges[source].add((_package_of(name), path.relative_to(ROOT).as_posix()))
    return edges


def test_every_package_has_a_layer():
    found = {_package_of(".".join(p.relative_to(ROOT).parent.parts)) for p in ROOT.glob("screen/*/__init__.py")}
    assert found <= set(LAYERS)


def test_imports_point_down_or_sideways():
    upward = sorted(
        f"{file} imports {target}"
        for source, targets in _imports().items()
        for target, file in targets
        if LAYERS[target] > LAYERS[source]
    )
    assert upward == []


def test_no_two_packages_import_each_other():
    edges = _imports()
    pairs = {(source, target) for source, targets in edges.items() for target, _ in targets}
    assert sorted((a, b) for a, b in pairs if (b, a) in pairs and a < b) == []


@pytest.mark.parametrize("package", SUBPACKAGES)
def test_each_subpackage_declares_its_public_face(package):
    module = importlib.import_module(package)
    public = getattr(module, "__all__", None)
    assert public, f"{package.replace('.', '/')}/__init__.py has no __all__"
    for name in public:
        assert getattr(module, name, None) is not None or importlib.util.find_spec(f"{package}.{name}"), name


def _raised_texts(path: Path):
    """The string pieces of every ``raise X(...)`` in ``path``."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            for argument in node.exc.args:
                for piece in ast.walk(argument):
                    if isinstance(piece, ast.Constant) and isinstance(piece.value, str):
                        yield node.lineno, piece.value


def test_library_errors_name_no_cli_flags():
    # the library is used without the CLI (HTTP service, notebooks): the CLI adds its flags (cli/main.py HINTS)
    flagged = sorted(
        f"{path.relative_to(ROOT).as_posix()}:{line}: {text}"
        for path in [*ROOT.glob("screen/**/*.py"), *ROOT.glob("recognizers/**/*.py")]
        if "cli" not in path.relative_to(ROOT).parts
        for line, text in _raised_texts(path)
        if re.search(r"(?<![\w-])--[a-z]", text)
    )
    assert flagged == []


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _module_imports() -> dict[str, set[str]]:
    """module -> the modules of this project it imports, in a function or under TYPE_CHECKING too
    (``from package import module`` names the module, not the package's ``__init__``)."""
    paths = [*ROOT.glob("screen/**/*.py"), *ROOT.glob("recognizers/**/*.py")]
    modules = {_module_name(path) for path in paths}
    edges: dict[str, set[str]] = {}
    for path in paths:
        imported = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:  # `from package import module` depends on the module
                    submodule = f"{node.module}.{alias.name}"
                    imported.add(submodule if submodule in modules else node.module)
        edges[_module_name(path)] = {name for name in imported if name in modules}
    return edges


def _circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(edges.get(module, ())):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return found


def test_the_circle_finder_finds_circles():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert _circles(edges) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_no_modules_import_each_other_inside_a_package():
    """Dependencies inside a package point one way too: text_entities -> matches -> masking ->
    text_entities, store <-> postgres and report <-> screening were circles (issue 24, item 18)."""
    edges = _module_imports()
    inside = {
        module: {target for target in targets if _package_of(target) == _package_of(module)}
        for module, targets in edges.items()
    }
    assert _circles(inside) == []
