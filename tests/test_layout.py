"""The package's shape: stages as subpackages, imports pointing only downward,
no cycles, small modules, one exception tree."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import advisor
from advisor.errors import AdvisorError

PACKAGE = Path(advisor.__file__).parent

#: The layers, lowest first. A module may import its own subpackage's modules
#: and anything in a lower layer, never a higher one.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("_version", "errors"),
    ("suggestions", "files"),
    ("facts",),
    ("articles",),
    ("knowledge",),
    ("inference",),
    ("advice",),
    ("evidence",),
    ("session",),
    ("api",),
    ("output",),
    ("archive",),
    ("repl", "http"),
    ("cli",),
    ("__init__", "__main__"),
)
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        out[".".join(("advisor", *parts))] = path
    return out


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Every advisor module ``path`` imports, at any level of the code
    (``TYPE_CHECKING`` blocks and function bodies included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.level:
                raise AssertionError(f"{path}: relative import of {node.module!r}")
            base = node.module
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m == "advisor" or m.startswith("advisor.")}


GRAPH = {name: _imports(path) - {name} for name, path in MODULES.items()}


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_module_sits_in_a_layer() -> None:
    assert {_stage(m) for m in MODULES} <= set(RANK)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_downward(module: str) -> None:
    upward = [target for target in sorted(GRAPH[module])
              if _stage(target) != _stage(module) and RANK[_stage(target)] >= RANK[_stage(module)]]
    assert not upward, f"{module} imports {upward} from its own layer or above"


def test_no_import_cycles() -> None:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for target in sorted(GRAPH.get(node, ())):
            if target not in GRAPH:
                continue
            if state.get(target) == 1:
                raise AssertionError(" -> ".join([*path[path.index(target):], target]))
            if target not in state:
                visit(target)
        path.pop()
        state[node] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small(module: str) -> None:
    lines = MODULES[module].read_text().count("\n")
    assert lines <= 400, f"{module} has {lines} lines"


def test_every_exception_class_is_an_advisor_error() -> None:
    strays = []
    for info in pkgutil.walk_packages(advisor.__path__, "advisor."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BaseException) and \
                    value.__module__ == module.__name__ and not issubclass(value, AdvisorError):
                strays.append(f"{module.__name__}.{name}")
    assert not strays


def test_subpackages_declare_their_public_surface() -> None:
    for name in MODULES:
        if name.count(".") == 1 and (PACKAGE / name.split(".")[1]).is_dir():
            package = importlib.import_module(name)
            exported = getattr(package, "__all__", None)
            assert exported, f"{name} has no __all__"
            assert all(hasattr(package, n) for n in exported), name
