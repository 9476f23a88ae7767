"""The hook registry: order, decorators, unknown names, temporary registration, and the
declarations the installed apps make through it."""

from __future__ import annotations

import pytest

from zhengxian.core import hooks
from zhengxian.core.demo import DemoBuilder, builder_modules, builders_named
from zhengxian.core.hooks import HOOK_NAMES, HookRegistry, UnknownHook
from zhengxian.core.navigation import NavItem, items_for, navigation, sections, sections_for


def test_values_come_back_by_order_then_by_registration():
    registry = HookRegistry(frozenset({"things"}))
    registry._discovered = True  # nothing to discover in this test
    registry.add("things", "b")
    registry.add("things", "c", order=5)
    registry.add("things", "a", order=-1)
    registry.add("things", "d")
    assert registry.get("things") == ["a", "b", "d", "c"]


def test_a_value_registered_twice_is_kept_once():
    registry = HookRegistry(frozenset({"things"}))
    registry._discovered = True
    registry.add("things", NavItem("x", "home:home", "house", "view_org"))
    registry.add("things", NavItem("x", "home:home", "house", "view_org"))
    assert len(registry.get("things")) == 1


def test_register_works_as_a_decorator_and_returns_what_it_decorates():
    def declare() -> None: ...

    with hooks.register_temporarily("audit", declare):
        assert declare in hooks.get_hooks("audit")
    assert declare not in hooks.get_hooks("audit")

    decorated = hooks.register("audit")(declare)
    try:
        assert decorated is declare and declare in hooks.get_hooks("audit")
    finally:
        hooks.registry.remove("audit", declare)


def test_an_unknown_hook_name_is_an_error_naming_the_known_ones():
    with pytest.raises(UnknownHook, match="navigation"):
        hooks.register("navigaton", "typo")
    with pytest.raises(UnknownHook):
        hooks.get_hooks("navigaton")


def test_every_hook_name_is_documented_in_the_module_docstring():
    assert hooks.__doc__ is not None
    for name in HOOK_NAMES:
        assert f"``{name}``" in hooks.__doc__


def test_the_apps_declare_the_menu_through_the_hooks():
    names = [item.url_name for item in navigation()]
    assert names[0] == "home:home"
    assert {"orgs:unit_tree", "audit:entry_list", "campaigns:campaign_list"} <= set(names)
    assert [section.code for section in sections()] == [
        "org",
        "campaign",
        "work",
        "projects",
        "activities",
    ]


class _Holder:
    def __init__(self, *perms: str) -> None:
        self.perms = set(perms)

    def has(self, perm: str) -> bool:
        return perm in self.perms


def test_the_menu_shows_an_entry_only_to_a_holder_of_its_permission_and_groups_it():
    item = NavItem("Healthz", "core:healthz", "heart", "nobody_holds_this")
    with hooks.register_temporarily("navigation", item):
        assert "core:healthz" not in [e["name"] for e in items_for(_Holder("view_org"))]
        entries = items_for(_Holder("nobody_holds_this"))
    assert [e["name"] for e in entries] == ["core:healthz"]
    assert sections_for(entries) == [{"items": entries, "single": True}]


def test_the_demo_builders_run_organisation_first_and_campaign_last():
    modules = builder_modules()
    assert modules[0] == "zhengxian.orgs.demo"
    assert modules[-2:] == ["zhengxian.campaigns.demo", "zhengxian.scoring.demo"]
    assert builders_named(["projects"]) == ["zhengxian.orgs.demo", "zhengxian.projects.demo"]
    with pytest.raises(ValueError, match="Unknown demo part"):
        builders_named(["nonsense"])
    assert DemoBuilder("zhengxian.x.demo").seed == "zhengxian.x.demo"
    assert DemoBuilder("zhengxian.x.demo", seed_key="old.path").seed == "old.path"
