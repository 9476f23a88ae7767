from __future__ import annotations

from types import SimpleNamespace

import pytest

from zhengxian.core.errors import DomainError
from zhengxian.core.workflow import TransitionRefused, allowed, transition, workflow

FLOW = workflow(
    [("draft", "sent"), ("sent", "done", lambda obj: obj.ready), ("sent", "draft")],
    labels={"draft": "Draft", "sent": "Sent", "done": "Done"},
)


def test_a_guard_hides_and_refuses_its_move_until_it_holds():
    obj = SimpleNamespace(status="sent", ready=False, save=lambda **kw: None)
    assert allowed(FLOW, obj) == ["draft"]
    with pytest.raises(TransitionRefused) as refused:
        transition(FLOW, obj, to="done", actor=None)
    assert isinstance(refused.value, DomainError) and obj.status == "sent"
    assert "Sent" in refused.value.message and "Done" in refused.value.message
    obj.ready = True
    assert allowed(FLOW, obj) == ["done", "draft"]


def test_an_allowed_move_sets_the_status_and_saves_only_what_it_names():
    saved: list[list[str]] = []
    obj = SimpleNamespace(status="draft", save=lambda update_fields: saved.append(update_fields))
    transition(FLOW, obj, to="sent", actor=None, also=["sent_at"])
    assert obj.status == "sent" and saved == [["status", "sent_at"]]
