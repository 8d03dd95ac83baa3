"""core is the ground floor: every app may use it, and it uses none of them, so it can be
read, tested and changed without the product around it."""

import ast
from pathlib import Path

import core

PRODUCT_APPS = {"membership", "meetings", "governance", "performance", "notifications", "cms"}
PRODUCT_APPS |= {"search", "demo", "config"}
CORE = Path(core.__file__).parent


def imported_modules(source: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(source.read_text(), filename=str(source))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def test_core_imports_none_of_the_product_apps():
    sources = sorted(CORE.rglob("*.py"))
    assert CORE / "security.py" in sources

    reaching_up = {
        f"{source.relative_to(CORE)}: {module}"
        for source in sources
        for module in imported_modules(source)
        if module.split(".")[0] in PRODUCT_APPS
    }

    assert reaching_up == set()


def test_the_walk_sees_imports_inside_functions(tmp_path):
    source = tmp_path / "late.py"
    source.write_text("def ready():\n    from membership import models\n")

    assert imported_modules(source) == {"membership"}
