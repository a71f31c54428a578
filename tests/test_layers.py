"""The house's shape, read from the code: imports point down, stage by stage; no cycles;
no module over about 400 lines; every import of the MkDocs engine in one folder."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "generator"
# Lowest first: a module may import its own package's modules and those of packages before it.
LAYERS = ("common", "load", "analyse", "exports", "render", "verify", "write", "generate", "engines", "tools",
          "driver", "cli", "__main__")
# Entry points into foilog, which may import any of it: the command line.
ENTRY_POINTS = {"generator.cli", "generator.__main__"}
MAX_LINES = 400
ENGINE_PACKAGES = {"mkdocs": "generator.engines.mkdocs", "material": "generator.engines.mkdocs",
                   "zensical": "generator.engines"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every module `path` imports (at the top or inside a function), with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.module, node.lineno))
            # `from generator.render import pages` imports the module generator.render.pages
            found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names
                      if f"{node.module}.{alias.name}" in MODULES]
    return found


def _layer(module: str) -> int:
    return LAYERS.index(module.split(".")[1])


def _own(module: str) -> list[tuple[str, int]]:
    return [(target, line) for target, line in _imports(MODULES[module])
            if target in MODULES and target != "generator"]


def test_every_module_is_in_a_layer():
    assert [m for m in MODULES if m != "generator" and m.split(".")[1] not in LAYERS] == []


def test_imports_point_down():
    upward = [f"{MODULES[m].relative_to(REPO)}:{line} imports {target}"
              for m in MODULES if m != "generator" and m not in ENTRY_POINTS
              for target, line in _own(m)
              if _layer(target) > _layer(m)]
    assert upward == []


def test_no_import_cycles():
    graph = {m: {t for t, _ in _own(m)} - {m} for m in MODULES if m != "generator"}
    cycles, state = [], {}

    def visit(m: str, trail: list[str]) -> None:
        state[m] = "open"
        for t in sorted(graph.get(m, ())):
            if state.get(t) == "open":
                cycles.append(" -> ".join(trail[trail.index(t):] + [t]))
            elif t not in state:
                visit(t, trail + [t])
        state[m] = "done"

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert cycles == []


def test_no_module_is_over_about_400_lines():
    long = {str(p.relative_to(REPO)): n for p in MODULES.values()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


@pytest.mark.parametrize("engine", sorted(ENGINE_PACKAGES))
def test_an_engine_is_imported_in_its_adapter_only(engine):
    home = ENGINE_PACKAGES[engine]
    outside = [f"{MODULES[m].relative_to(REPO)}:{line}" for m in MODULES
               if not (m == home or m.startswith(home + "."))
               for target, line in _imports(MODULES[m]) if target.split(".")[0] == engine]
    assert outside == []


def test_the_checker_sees_an_upward_import(tmp_path):
    """The checks above read real imports: an upward one written into a copy is found."""
    source = MODULES["generator.load.catalogue"].read_text(encoding="utf-8")
    broken = tmp_path / "catalogue.py"
    broken.write_text(source + "\nfrom generator.render.pages import plan_site\n", encoding="utf-8")
    assert any(_layer(t) > _layer("generator.load.catalogue") for t, _ in _imports(broken) if t in MODULES)
