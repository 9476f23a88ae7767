"""The engine is plain Python: importing every module of it loads neither Django nor an app,
so campaigns and scoring can both build on it without a cycle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

IMPORT_ALL = """
import importlib, pkgutil, sys
import zhengxian.engine as engine
for module in pkgutil.iter_modules(engine.__path__):
    if module.name != "tests":
        importlib.import_module(f"zhengxian.engine.{module.name}")
print(sorted(
    name for name in sys.modules
    if name.split(".")[0] == "django"
    or (name.startswith("zhengxian.") and not name.startswith("zhengxian.engine"))
))
"""


def test_importing_the_engine_loads_neither_django_nor_an_app() -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"
