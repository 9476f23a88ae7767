"""The one way an app plugs into the others: named hooks, declared in the app's `hooks.py`.

core is the bottom layer and imports no app; the apps above it tell core (and each other)
what they bring by registering values under a hook name, in a module ``<app>/hooks.py``
that `discover()` imports for every installed app (as Wagtail's ``wagtail_hooks.py``)::

    from zhengxian.core import hooks
    from zhengxian.core.navigation import NavItem

    hooks.register("navigation", NavItem(_("Units"), "orgs:unit_tree", "diagram-3", "view_org"))

    @hooks.register("audit")
    def audited_models() -> None:
        audited(Unit, exclude=frozenset({"path", "depth"}))

`register(name, value, order=0)` stores any value (an object, a function, a class) and,
called with the name alone, works as a decorator that returns what it decorates unchanged.
`get_hooks(name)` returns the values by ``order``, then in the order they were registered,
which is the order of INSTALLED_APPS. The consumer of a hook says what its values must be.

Hook names (an unknown name is an error, so a typo fails at start-up):

- ``navigation`` — `zhengxian.core.navigation.NavItem`: an entry of the menu, shown to
  users holding its permission; read by `zhengxian.core.navigation.items_for`.
- ``navigation_sections`` — `zhengxian.core.navigation.NavSection`: a menu grouping the
  entries of some URL namespaces; sections show by ``order``.
- ``demo_builders`` — `zhengxian.core.demo.DemoBuilder`: a part of ``manage.py load_demo``;
  builders run by ``order`` (the organisation first, the campaign and its scoring last).
- ``audit`` — a function without arguments that calls `zhengxian.audit.registry.audited`
  for the app's models; the audit app calls each one when it is ready.
- ``campaign_sections`` — `zhengxian.campaigns.sections.CampaignSection`: a card of the
  campaign page rendered from the app that owns its data (scoring: the periods and their
  results), so that campaigns shows it without importing that app.
- ``leaf_records`` — a function ``(node_ids: list[int]) -> bool`` saying whether the app
  holds records against these indicator nodes; `zhengxian.campaigns.services` refuses to
  delete a node while one says yes (scoring: assessments, appeals, corrected scores).
- ``indicator_sources`` — an indicator source (`zhengxian.engine.sources.IndicatorSource`: a
  class, instantiated without arguments, or an object) that turns a period's records into
  raw values; its ``evidence_models`` names the models ("app_label.model") of the records
  its evidence references. `zhengxian.scoring.plugins.load_plugins` registers them in the
  engine's source registry when scoring is ready.
- ``evidence_describers`` — a pair ``(model_label, describe)``: ``describe(pks) ->
  {pk: EvidenceItem}`` turns references to records of ``model_label`` ("matters.matter")
  back into records a person can open (`zhengxian.engine.evidence`). Read by
  `zhengxian.scoring.plugins.load_plugins`, which refuses to start (ImproperlyConfigured)
  while a source's ``evidence_models`` names a model that has no describer.
- ``reminders`` — a function ``(*, today: date, days: int) -> Iterable[Reminder]``
  (`zhengxian.core.reminders.Reminder`): what the app owns that falls due within ``days``
  days or is overdue, and who to remind; read by `zhengxian.core.reminders.send_reminders`
  (matters: open matters against their deadline; projects: milestones not done).
- ``scope_policy`` — a function ``(user) -> scope`` whose value answers ``has(perm)``,
  ``can(perm, unit)`` and ``filter(queryset, perm, via=...)`` (orgs registers
  `zhengxian.orgs.scope.scope_for`); read by `zhengxian.core.access` so that core's own
  pages (the webhook endpoints) check the scope without importing orgs. The first one wins;
  without one, core's scoped pages refuse everyone.
- ``job_runner`` — a function taking the arguments of `zhengxian.core.background.start_job`
  and returning a `JobStarted` (jobs registers `zhengxian.jobs.services.job_start_for`); read
  by `start_job`, so that apps below jobs (orgs) queue background work. The first one wins.
- ``scheduled_tasks`` — a triple ``(name, dotted_path, label)``: an app's daily work, a
  function called without arguments at the morning time (``ZHENGXIAN_DAILY_AT``) by the
  worker's scheduler, `zhengxian.jobs.schedule.schedule` (projects: re-deriving every
  project's colour, since time alone turns a milestone overdue); or a quadruple
  ``(name, dotted_path, label, seconds)`` run every that many seconds (scoring: the live
  rankings' refresh).

To add a hook name, add it to `HOOK_NAMES` and to the list above, and say there what its
values are and who reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import count
from typing import Any, TypeVar, overload

from django.utils.module_loading import autodiscover_modules

T = TypeVar("T")

HOOK_NAMES: frozenset[str] = frozenset(
    {
        "navigation",
        "navigation_sections",
        "demo_builders",
        "audit",
        "campaign_sections",
        "leaf_records",
        "indicator_sources",
        "evidence_describers",
        "reminders",
        "scope_policy",
        "job_runner",
        "scheduled_tasks",
    }
)
MODULE_NAME = "hooks"


class UnknownHook(LookupError):
    """A hook name that is not in `HOOK_NAMES`."""


@dataclass(order=True, frozen=True)
class _Entry:
    order: int
    sequence: int
    value: Any = field(compare=False)


class HookRegistry:
    """Values registered under hook names, and the discovery of each app's hooks module."""

    def __init__(self, names: frozenset[str], module_name: str = MODULE_NAME) -> None:
        self.names = names
        self.module_name = module_name
        self._entries: dict[str, list[_Entry]] = {name: [] for name in names}
        self._sequence = count()
        self._discovered = False

    def _check(self, name: str) -> None:
        if name not in self.names:
            known = ", ".join(sorted(self.names))
            raise UnknownHook(f"Unknown hook {name!r}; the hooks are: {known}.")

    def add(self, name: str, value: T, *, order: int = 0) -> T:
        """Registers ``value`` under ``name`` (a value registered twice is kept once)."""
        if not self.has(name, value):
            self._entries[name].append(_Entry(order, next(self._sequence), value))
        return value

    def has(self, name: str, value: object) -> bool:
        self._check(name)
        return any(entry.value is value or entry.value == value for entry in self._entries[name])

    def remove(self, name: str, value: object) -> None:
        self._check(name)
        self._entries[name] = [e for e in self._entries[name] if e.value is not value]

    def get(self, name: str) -> list[Any]:
        """The values of ``name`` in order, after discovering every app's hooks module."""
        self._check(name)
        self.discover()
        return [entry.value for entry in sorted(self._entries[name])]

    def discover(self) -> None:
        """Imports ``<app>.hooks`` of every installed app, once. An app without one is
        skipped; an error inside one propagates."""
        if self._discovered:
            return
        self._discovered = True  # a hooks module that reads hooks must not recurse
        try:
            autodiscover_modules(self.module_name)
        except BaseException:
            self._discovered = False
            raise


registry = HookRegistry(HOOK_NAMES)


@overload
def register(name: str, value: None = None, *, order: int = 0) -> Callable[[T], T]: ...
@overload
def register(name: str, value: T, *, order: int = 0) -> T: ...
def register(name: str, value: Any = None, *, order: int = 0) -> Any:
    """Registers ``value`` under the hook ``name``; without a value, a decorator."""
    if value is None:

        def decorator(decorated: T) -> T:
            return registry.add(name, decorated, order=order)

        return decorator
    return registry.add(name, value, order=order)


def get_hooks(name: str) -> list[Any]:
    """The values registered under ``name``, by ``order`` then registration."""
    return registry.get(name)


def discover() -> None:
    registry.discover()


@contextmanager
def register_temporarily(name: str, value: object, *, order: int = 0) -> Iterator[None]:
    """Registers ``value`` for the duration of a ``with`` block (for tests)."""
    registry.discover()
    if registry.has(name, value):
        yield
        return
    registry.add(name, value, order=order)
    try:
        yield
    finally:
        registry.remove(name, value)
