"""The shape of the code base itself: what `make lint` checks with
import-linter (.importlinter) plus what it cannot, in the same terms."""

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PACKAGES = ("accounts", "jobs", "practice", "qbank", "questions", "tools")
# Public-looking names that are Django's internals all the same: not in its
# documentation, free to change in any release.
DJANGO_INTERNALS = {"get_related_populators", "RelatedPopulator", "SQLCompiler", "klass_info"}


def _project_modules():
    for package in PROJECT_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _django_names_imported(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "django":
            yield node.lineno, node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "django":
                    yield node.lineno, alias.name, []


def test_no_module_imports_a_private_django_name():
    private = []
    for path in _project_modules():
        for line, module, names in _django_names_imported(ast.parse(path.read_text())):
            parts = module.split(".") + names
            if any(part.startswith("_") or part in DJANGO_INTERNALS for part in parts):
                private.append(f"{path.relative_to(ROOT)}:{line}: {module} {names}")
    assert private == []


@pytest.mark.parametrize("package", ["questions.public", "questions.editorial", "questions.markdown"])
def test_each_concern_is_an_importable_package(package):
    assert importlib.import_module(package).__path__


def test_the_markdown_renderer_knows_nothing_of_its_time_budget():
    tree = ast.parse((ROOT / "questions/markdown/renderer.py").read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    assert not any("budget" in (name or "") or "django" in (name or "") for name in imported)
