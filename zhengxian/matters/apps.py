from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MattersConfig(AppConfig):
    name = "zhengxian.matters"
    label = "matters"
    verbose_name = _("Matters and visits")

    def ready(self) -> None:
        from zhengxian.audit.registry import audited
        from zhengxian.core.navigation import NavItem, register
        from zhengxian.orgs.roles import Perm

        from . import evidence  # noqa: F401  (registers the evidence describers)
        from . import models as m

        def of_matter(row: object) -> object:
            matter = row.matter  # type: ignore[attr-defined]
            return matter.responsible_unit or matter.reporting_unit

        def of_case(row: object) -> object:
            return of_matter(row.case)  # type: ignore[attr-defined]

        audited(m.Site, m.Visit, m.SupervisionDay, exclude=frozenset({"name_key"}))
        # Residents' personal data is logged masked only (core.masking), so purging it from
        # a closed matter (`purge_personal_data`) leaves no full copy in the log.
        audited(
            m.Enterprise, exclude=frozenset({"name_key"}), personal=frozenset({"contact_phone"})
        )
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
        audited(
            m.SupervisionInspection, m.SupervisionDaySupervisor, unit_of=lambda row: row.day.unit
        )
        audited(
            m.RequesterConfirmation,
            unit_of=of_matter,
            exclude=frozenset({"token_hash"}),
            personal=frozenset({"phone"}),
        )
        # OutgoingSms is not audited: it is itself the log of what the SMS backend sent.
        # MatterGram is not audited: a derived index of the matter's text, rebuilt with it.

        register(NavItem(_("Visits"), "matters:visit_list", "geo-alt", Perm.RECORD_WORK))
        register(NavItem(_("Matters"), "matters:matter_list", "list-check", Perm.VIEW_ORG))
        register(
            NavItem(
                _("Supervision days"), "matters:supervision_list", "shield-check", Perm.SUPERVISE
            )
        )
        register(NavItem(_("Mediation"), "matters:mediation_list", "people", Perm.VIEW_ORG))
        register(NavItem(_("Due and overdue"), "matters:deadlines", "alarm", Perm.VIEW_COCKPIT))
        register(
            NavItem(_("Text message outbox"), "matters:outbox", "chat-left-text", Perm.VIEW_AUDIT)
        )
