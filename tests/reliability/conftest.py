"""Fixtures of the reliability tests."""

from __future__ import annotations

from zhengxian.projects.tests.conftest import today

__all__ = ["today"]
