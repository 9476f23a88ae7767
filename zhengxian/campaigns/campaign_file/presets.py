"""The campaign files shipped with Zhengxian (``zhengxian/campaigns/presets/*.yaml``)."""

from __future__ import annotations

from pathlib import Path

PRESETS_DIR = Path(__file__).resolve().parent.parent / "presets"


def preset_names() -> tuple[str, ...]:
    return tuple(sorted(path.stem for path in PRESETS_DIR.glob("*.yaml")))


def read_preset(name: str) -> str:
    """The text of a preset campaign file, e.g. ``read_preset("chengxiang-2023")``."""
    if name not in preset_names():
        raise LookupError(f"No preset campaign {name!r}; presets: {', '.join(preset_names())}.")
    return (PRESETS_DIR / f"{name}.yaml").read_text(encoding="utf-8")
