from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils.translation import gettext as _

from zhengxian.core.errors import DomainError
from zhengxian.core.workflow import (
    Rule,
    TransitionRefused,
    Workflow,
    allowed,
    transition,
    workflow,
)

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


def _refuse_move(flow, obj, action):
    return DomainError(f"no {action} from {flow.state(obj)}")


def _refuse_actor(flow, obj, action):
    return DomainError(f"not yours: {action}")


GATED = Workflow(
    rules=(
        Rule("open", "close", "closed", may=lambda actor, obj: actor == obj.owner),
        Rule("open", "note", "open", needs_note=True),
        Rule("closed", "reopen", "open"),
    ),
    may=lambda actor, obj: actor is not None,
    action_labels={"close": "Close"},
    refuse_move=_refuse_move,
    refuse_actor=_refuse_actor,
)


def test_who_may_is_asked_per_rule_and_for_the_whole_workflow_first():
    obj = SimpleNamespace(status="open", owner="ann", save=lambda **kw: None)
    assert GATED.allowed(obj, "ann") == ["close", "note"]
    assert GATED.allowed(obj, "bob") == ["note"]
    assert GATED.allowed(obj, None) == []
    with pytest.raises(DomainError, match="not yours: reopen"):
        GATED.check(obj, "reopen", None)  # the workflow-wide rule comes before the table
    with pytest.raises(DomainError, match="no reopen from open"):
        GATED.check(obj, "reopen", "bob")
    with pytest.raises(DomainError, match="not yours: close"):
        GATED.take(obj, "close", actor="bob")
    assert obj.status == "open"


def test_a_rule_that_needs_a_note_refuses_an_empty_one_and_apply_saves_the_move():
    saved: list[object] = []
    obj = SimpleNamespace(status="open", owner="ann", save=lambda **kw: None)
    flow = Workflow(rules=GATED.rules, save=saved.append)
    with pytest.raises(DomainError) as refused:
        flow.take(obj, "note", actor="ann", note="  ")
    assert refused.value.message == _("Write a note to say why or what was done.")
    change = flow.take(obj, "close", actor="ann", also=None)
    assert (change.source, change.target, change.fields, obj.status) == (
        "open",
        "closed",
        None,
        "closed",
    )
    assert saved == [change]


def test_the_table_answers_what_pages_and_tests_ask_of_it():
    assert GATED.actions == ("close", "note", "reopen")
    assert GATED.sources("reopen", "close") == ("open", "closed")
    assert set(GATED.table) == {("open", "close"), ("open", "note"), ("closed", "reopen")}
    assert GATED.action_label("close") == "Close" and GATED.action_label("note") == "note"
    with pytest.raises(ValueError, match="twice"):
        Workflow(rules=(Rule("a", "go", "b"), Rule("a", "go", "c")))
