"""What matters brings to the others (see `zhengxian.core.hooks`)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from zhengxian.audit.registry import audited
from zhengxian.core import hooks
from zhengxian.core.demo import DemoBuilder
from zhengxian.core.navigation import NavItem, NavSection
from zhengxian.core.reminders import Reminder
from zhengxian.orgs.roles import Perm

from . import evidence, indicator_sources
from . import models as m

for item in (
    NavItem(_("Visits"), "matters:visit_list", "geo-alt", Perm.RECORD_WORK),
    NavItem(_("Import visits"), "matters:visit_import", "file-earmark-arrow-up", Perm.RECORD_WORK),
    NavItem(_("Matters"), "matters:matter_list", "list-check", Perm.VIEW_ORG),
    NavItem(_("Supervision days"), "matters:supervision_list", "shield-check", Perm.SUPERVISE),
    NavItem(_("Mediation"), "matters:mediation_list", "people", Perm.VIEW_ORG),
    NavItem(_("Due and overdue"), "matters:deadlines", "alarm", Perm.VIEW_COCKPIT),
    NavItem(_("Text message outbox"), "matters:outbox", "chat-left-text", Perm.VIEW_AUDIT),
):
    hooks.register("navigation", item)
hooks.register(
    "navigation_sections",
    NavSection("work", _("Visits and matters"), "geo-alt", ("matters",)),
    order=30,
)
hooks.register("demo_builders", DemoBuilder("zhengxian.matters.demo"), order=20)


@hooks.register("audit")
def audited_models() -> None:
    def of_matter(row: object) -> object:
        matter = row.matter  # type: ignore[attr-defined]
        return matter.responsible_unit or matter.reporting_unit

    def of_case(row: object) -> object:
        return of_matter(row.case)  # type: ignore[attr-defined]

    audited(m.Site, m.Visit, m.SupervisionDay, exclude=frozenset({"name_key"}))
    # Residents' personal data is logged masked only (core.masking), so purging it from
    # a closed matter (`purge_personal_data`) leaves no full copy in the log.
    audited(m.Enterprise, exclude=frozenset({"name_key"}), personal=frozenset({"contact_phone"}))
    audited(m.VisitParticipant, unit_of=lambda row: row.visit.unit)
    audited(
        m.Matter,
        unit_of=lambda matter: matter.responsible_unit or matter.reporting_unit,
        personal=frozenset({"requester_name", "requester_phone"}),
    )
    audited(m.MatterTransition, m.MatterAttachment, m.MediationCase, unit_of=of_matter)
    audited(m.MatterLink, unit_of=of_matter, personal=frozenset({"requester_name"}))
    audited(m.MediationSession, unit_of=of_case)
    audited(m.MediationParty, unit_of=of_case, personal=frozenset({"name", "phone"}))
    audited(m.SupervisionInspection, m.SupervisionDaySupervisor, unit_of=lambda row: row.day.unit)
    audited(
        m.RequesterConfirmation,
        unit_of=of_matter,
        exclude=frozenset({"token_hash"}),
        personal=frozenset({"phone"}),
    )
    # OutgoingSms is not audited: it is itself the log of what the SMS backend sent.
    # MatterGram is not audited: a derived index of the matter's text, rebuilt with it.


# The indicator sources it brings, and the describers of the records their evidence names.
for source in (
    indicator_sources.VisitsCountSource,
    indicator_sources.MattersClosedOnTimeSource,
    indicator_sources.MattersSatisfactionSource,
    indicator_sources.MattersOverdueSource,
    indicator_sources.MediationSuccessSource,
    indicator_sources.RectificationCompletionSource,
):
    hooks.register("indicator_sources", source)
for describer in (
    ("matters.visit", evidence.describe_visits),
    ("matters.matter", evidence.describe_matters),
    ("matters.mediationcase", evidence.describe_mediation_cases),
):
    hooks.register("evidence_describers", describer)


@hooks.register("reminders")
def matter_reminders(*, today: dt.date, days: int) -> list[Reminder]:
    """Due-soon and overdue reminders (`zhengxian.core.reminders`); the finder is imported
    when reminders are sent, not at start-up."""
    from .reminders import matter_reminders as find

    return find(today=today, days=days)
