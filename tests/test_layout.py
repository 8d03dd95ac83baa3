"""The house's layout, as docs/layout.md describes it: what each app may import, how big a
module may grow, and that pages keep nothing between requests.

These read the sources, not the running program, so they hold for code no test executes.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: an app may import from the apps before it, never from those after it.
PRODUCT_APPS = ["core", "membership", "meetings", "governance", "cms", "search", "notifications"]
MAX_MODULE_LINES = 400


def _sources(package: str):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _runtime_nodes(tree: ast.AST):
    """Every node but those under `if TYPE_CHECKING:`, which name types and run nothing."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            continue
        yield node
        yield from _runtime_nodes(node)


def _imports(path: Path) -> set[str]:
    """Every module the file imports when it runs, at the top or inside a function (a local
    import that dodges a circle is still a circle)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.add(module)
            # `from package import module` imports the module too.
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _top(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize("app", PRODUCT_APPS)
def test_an_app_imports_only_the_apps_beneath_it(app):
    above = set(PRODUCT_APPS[PRODUCT_APPS.index(app) + 1 :]) | {"demo", "bench", "tests"}
    wrong = {
        f"{_module_name(path)} imports {module}"
        for path in _sources(app)
        for module in _imports(path)
        if _top(module) in above
    }
    assert not wrong, sorted(wrong)


@pytest.mark.parametrize("app", PRODUCT_APPS)
def test_no_import_circle_between_modules_of_one_app(app):
    modules = {_module_name(path): path for path in _sources(app)}
    graph = {
        name: {
            # `from a.b import c` names a.b.c, a module or a name in the module a.b.
            module if module in modules else module.rpartition(".")[0]
            for module in _imports(path)
        }
        & (modules.keys() - {name})
        for name, path in modules.items()
    }
    circle = _find_circle(graph)
    assert circle is None, " → ".join(circle or [])


def _find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    trail: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        trail.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*trail[trail.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        trail.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_module_is_over_the_conventions_length():
    packages = [*PRODUCT_APPS, "config", "demo", "bench"]
    long = {
        f"{path.relative_to(ROOT)}: {lines}"
        for package in packages
        for path in _sources(package)
        if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert not long, sorted(long)


# Keeping rendered pages or parts of them: Django's cache API, its template tag and view
# decorator, and the names the page cache once had. Cache-Control headers, which keep private
# pages out of shared caches, are another matter and are allowed.
CACHE_WORDS = re.compile(
    r"page_cache|pagepart|page_parts|\{%\s*cache\b|cache_page|django\.core\.cache|\bcaches\[|"
    r"\bcache\.(get|set|add|delete|get_many|set_many|get_or_set)\("
)


def _serves_pages(path: Path) -> bool:
    """Views, the selectors and access rules they read through, and template tags."""
    names = {*path.parts[:-1], path.stem}
    return bool(names & {"views", "selectors", "access", "templatetags", "middleware"})


def test_no_page_view_or_template_keeps_what_it_shows():
    """Pages are fast by their queries, not by keeping rendered parts: no view or template
    keeps what it shows in a cache."""
    found = []
    for app in PRODUCT_APPS:
        for path in [*(ROOT / app).rglob("*.html"), *filter(_serves_pages, _sources(app))]:
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if CACHE_WORDS.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    for path in (ROOT / "templates").rglob("*.html"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if CACHE_WORDS.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, found
