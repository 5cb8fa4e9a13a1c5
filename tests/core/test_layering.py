"""Imports point down: gui -> teaching -> core. The engine and the teaching
code never import Qt, and the engine never imports teaching, the GUI or the CLI.

Every module is found by walking the packages (pkgutil), never from a list
written by hand, and checked twice: its import statements as written (also the
ones inside functions, which run late) and a real import with Qt made
unimportable.
"""

from __future__ import annotations

import ast
import importlib.util
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import socklab
import socklab.core
import socklab.teaching

#: Where the socklab under test lives (installed or a checkout's app/).
PACKAGE_ROOT = Path(socklab.__file__).resolve().parents[1]

QT_PACKAGES = ("PySide6", "shiboken6", "qasync", "PyQt5", "PyQt6", "pyqtgraph")
#: What each Qt-free layer must never import (besides Qt).
FORBIDDEN = {
    "socklab.core": ("socklab.teaching", "socklab.gui", "socklab.cli"),
    "socklab.teaching": ("socklab.gui", "socklab.cli"),
}


def modules_of(package) -> list[str]:
    """Every module of ``package``, the package itself included."""
    found = [package.__name__]
    for info in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + "."):
        found.append(info.name)
    return found


def imported_names(module: str) -> set[str]:
    """The absolute names of everything ``module``'s source imports, anywhere in it."""
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    package = module if spec.submodule_search_locations is not None else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = importlib.util.resolve_name("." * node.level + base, package)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _is_under(name: str, roots: tuple[str, ...]) -> bool:
    return any(name == root or name.startswith(root + ".") for root in roots)


LAYERED = [(layer, module) for layer in FORBIDDEN for module in modules_of(sys.modules[layer])]


def test_the_walk_finds_every_room():
    """A control for the walk: it sees the subpackages' modules, not only the tops."""
    names = {module for _, module in LAYERED}
    assert "socklab.core.sessions.udp" in names
    assert "socklab.core.fastpath.receive" in names
    assert "socklab.core.files.capture" in names
    assert "socklab.teaching.codegen.udp" in names
    assert len(names) >= 25


@pytest.mark.parametrize(("layer", "module"), LAYERED, ids=[m for _, m in LAYERED])
def test_imports_point_down(layer: str, module: str):
    names = imported_names(module)
    qt = sorted(name for name in names if _is_under(name, QT_PACKAGES))
    assert not qt, f"{module} imports Qt: {qt}"
    upward = sorted(name for name in names if _is_under(name, FORBIDDEN[layer]))
    assert not upward, f"{module} ({layer}) imports a layer above it: {upward}"


def test_the_check_sees_an_upward_import():
    """A control: the same check flags a module of the GUI layer for its Qt imports."""
    names = imported_names("socklab.gui.bridge")
    assert any(_is_under(name, QT_PACKAGES) for name in names)


PROBE = """
import importlib, sys

BLOCKED = {blocked!r}

class Block:
    def find_spec(self, name, path=None, target=None):
        if any(name == b or name.startswith(b + '.') for b in BLOCKED):
            raise ImportError(f'{{name}} is blocked for this test')
        return None

sys.meta_path.insert(0, Block())
for name in {modules!r}:
    importlib.import_module(name)
print('imported', len({modules!r}))
"""


def import_in_a_fresh_process(modules: list[str], blocked: tuple[str, ...]) -> None:
    """Import ``modules`` in a new interpreter where ``blocked`` cannot be imported."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(blocked=blocked, modules=modules)],
        env={"PYTHONPATH": str(PACKAGE_ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"imported {len(modules)}" in result.stdout


@pytest.mark.parametrize("layer", list(FORBIDDEN))
def test_every_module_imports_with_qt_and_the_layers_above_blocked(layer: str):
    modules = [module for owner, module in LAYERED if owner == layer]
    import_in_a_fresh_process(modules, QT_PACKAGES + FORBIDDEN[layer])


def test_the_cli_runs_without_qt():
    """``socklab udp ...`` works on a machine without Qt: the CLI imports the
    window only when it is asked to open it."""
    import_in_a_fresh_process(["socklab.cli", "socklab.cli.commands"], QT_PACKAGES)


def test_the_window_and_the_cli_use_only_the_engines_public_api():
    """The GUI and the CLI import ``socklab.core`` itself (its ``__all__``), never
    its rooms: the engine can be rearranged without touching them."""
    import socklab.cli
    import socklab.gui

    window_modules = modules_of(socklab.gui)
    assert "socklab.gui.tabs.base" in window_modules  # the walk reaches every room
    inside = {}
    for module in window_modules + modules_of(socklab.cli):
        names = imported_names(module)
        private = sorted(n for n in names if n.startswith("socklab.core.") and not _is_public(n))
        if private:
            inside[module] = private
    assert not inside


def _is_public(name: str) -> bool:
    """``socklab.core.X`` where X is a name the engine exports."""
    return name.removeprefix("socklab.core.") in socklab.core.__all__
