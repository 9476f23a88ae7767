"""The apps' layering (docs/developing.md, "Layers"): an app imports only from layers below
its own, the feature apps never import each other, and the engine imports no app and no
Django. Test code is exempt: a test may build data with any app.

Imports are read from the source (also those inside functions), so a new upward import
fails here with the file and line, before it becomes a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "zhengxian"

# Bottom to top. Apps in one layer may not import each other.
LAYERS: list[set[str]] = [
    {"core"},
    {"audit"},  # the log: every write below and above is recorded through it
    {"accounts"},
    {"orgs"},  # units, people, roles and the scope policy
    {"jobs"},  # background jobs and their progress; the work itself is the callers'
    {"engine"},  # plain Python: the campaign engine
    {"campaigns"},
    {"scoring"},
    {"matters", "projects", "activities", "audit_pages"},  # feature apps
    {"cockpit", "api"},  # dashboards and circulars; the JSON API: both read every feature app
    {"home"},  # the start page gathers everything
]
LAYER_OF = {app: index for index, apps in enumerate(LAYERS) for app in apps}


def _app_dirs() -> list[str]:
    return sorted(
        path.name for path in ROOT.iterdir() if path.is_dir() and (path / "__init__.py").exists()
    )


def _imports(app: str) -> list[tuple[str, int, str]]:
    """(file, line, imported app) for every import of another zhengxian app in ``app``."""
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        parts = path.relative_to(ROOT / app).parts
        if "tests" in parts or "migrations" in parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                bits = module.split(".")
                if bits[0] == "zhengxian" and len(bits) > 1 and bits[1] != app:
                    found.append((str(path.relative_to(ROOT.parent)), node.lineno, bits[1]))
                if app == "engine" and bits[0] == "django":
                    found.append((str(path.relative_to(ROOT.parent)), node.lineno, "django"))
    return found


def test_every_app_has_a_layer():
    missing = [app for app in _app_dirs() if app not in LAYER_OF]
    assert not missing, f"Add {missing} to LAYERS in tests/test_layering.py and docs/developing.md"


@pytest.mark.parametrize("app", sorted(LAYER_OF))
def test_an_app_imports_only_from_layers_below_it(app):
    wrong = [
        f"{file}:{line} imports {target}"
        for file, line, target in _imports(app)
        if target == "django" or LAYER_OF.get(target, len(LAYERS)) >= LAYER_OF[app]
    ]
    assert not wrong, "Upward or sideways imports:\n" + "\n".join(wrong)


def test_the_rule_catches_an_upward_import(tmp_path, monkeypatch):
    # A positive control: the same reader finds core importing orgs in a planted file.
    planted = tmp_path / "zhengxian"
    (planted / "core").mkdir(parents=True)
    (planted / "core" / "__init__.py").write_text("")
    (planted / "core" / "bad.py").write_text("def f():\n    from zhengxian.orgs import scope\n")
    monkeypatch.setitem(globals(), "ROOT", planted)
    assert _imports("core") == [("zhengxian/core/bad.py", 2, "orgs")]
