"""The dependencies between backend's packages point one way (the layering in backend/__init__.py), and so do the
ones between the top-level packages: doemee (the composition root) over the two surfaces side by side (mobile_api,
web), over backend; matching is imported, never importing.

The import graph is read from the source (every import statement, at module level or inside a function), so an
import hidden in a function body counts as much as one at the top.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import backend

pytestmark = pytest.mark.any_hour  # the same at any hour: the clock runs leave it to the real-hour run

BACKEND = Path(backend.__file__).parent
ROOT = BACKEND.parent
TOP_LEVEL = ("doemee", "mobile_api", "web", "backend", "matching")
# What notifications (infrastructure) may import besides itself: the foundation, no feature.
FOUNDATION = {"config", "extensions", "models_base", "errors", "i18n", "pagination", "taxonomy", "localtime", "diagnosis",
              "rendering", "schemas"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(BACKEND.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path) -> set[str]:
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    return imported_by(path.read_text(encoding="utf-8"), package)


def imported_by(source_text: str, package: str) -> set[str]:
    """Every module named by an import in the source (absolute or relative; ``from x import y`` also names x.y),
    wherever the import statement is."""
    names = set()
    for node in ast.walk(ast.parse(source_text)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            names.add(source)
            names.update(f"{source}.{alias.name}" for alias in node.names)
    return names


def _top(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "backend" and len(parts) > 1 else None


def import_graph() -> dict[str, dict[str, set[str]]]:
    """{importing backend/<x>: {imported backend/<y>: {files where it happens}}}, x != y."""
    graph: dict[str, dict[str, set[str]]] = {}
    for path in sorted(BACKEND.rglob("*.py")):
        source = _top(_module_name(path))
        for name in _imported(path):
            target = _top(name)
            if source and target and target != source:
                graph.setdefault(source, {}).setdefault(target, set()).add(str(path.relative_to(BACKEND.parent)))
    return graph


def feature_packages() -> set[str]:
    return {p.name for p in BACKEND.iterdir() if (p / "__init__.py").is_file()}


def cycles(graph: dict[str, dict[str, set[str]]], nodes: set[str]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, {}):
            if nxt not in nodes:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(nodes):
        if node not in index:
            visit(node)
    return found


def test_no_cycle_between_feature_packages():
    graph = import_graph()
    found = cycles(graph, feature_packages())
    detail = [{a: {b: sorted(graph[a][b]) for b in component if b in graph.get(a, {})} for a in component}
              for component in found]
    assert found == [], f"feature packages import each other in a circle: {detail}"


def test_notifications_import_no_feature():
    imported = import_graph().get("notifications", {})
    features = {name: files for name, files in imported.items() if name not in FOUNDATION}
    assert features == {}, f"notifications (infrastructure) imports features: {features}"


def test_the_graph_sees_imports_inside_functions_and_relative_ones():
    source_text = "def f():\n    from backend.accounts.models import User\n    from ..help import operations\n"
    names = imported_by(source_text, "backend.notifications")
    assert {_top(n) for n in names} == {"accounts", "help"}


def test_a_cycle_is_found():
    graph = {"help": {"engagements": {"a"}}, "engagements": {"opportunities": {"b"}},
             "opportunities": {"help": {"c"}}, "places": {"accounts": {"d"}}}
    assert cycles(graph, {"help", "engagements", "opportunities", "places", "accounts"}) == [
        ["engagements", "help", "opportunities"]]


def top_level_imports(package: str) -> dict[str, set[str]]:
    """{our top-level package imported by ``package``: {files where it happens}} (itself left out)."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        base = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for name in imported_by(path.read_text(encoding="utf-8"), base):
            top = name.split(".")[0]
            if top in TOP_LEVEL and top != package:
                found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def test_backend_imports_no_surface_and_not_the_composition_root():
    imported = top_level_imports("backend")
    assert {top: files for top, files in imported.items() if top in ("mobile_api", "web", "doemee")} == {}


def test_the_surfaces_do_not_import_each_other_nor_the_composition_root():
    assert {top: files for top, files in top_level_imports("mobile_api").items() if top in ("web", "doemee")} == {}
    assert {top: files for top, files in top_level_imports("web").items() if top in ("mobile_api", "doemee")} == {}


def test_matching_imports_none_of_ours():
    assert top_level_imports("matching") == {}


def test_the_composition_root_puts_both_surfaces_together():
    assert {"backend", "mobile_api", "web"} <= set(top_level_imports("doemee"))


def test_a_surface_importing_the_other_is_found():
    names = imported_by("def f():\n    from web.access import page\n", "mobile_api.resources")
    assert {name.split(".")[0] for name in names} == {"web"}
