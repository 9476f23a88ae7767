"""How the scope sweep fills every URL of the project.

Each URL name maps to a list of variants; a variant maps each of the URL's kwargs to the key
of an object of the foreign world (`world.py`), to ``"key.attribute"``, or to a literal
written ``"=value"``. A URL without kwargs maps to ``[{}]`` (its list or form is still tried:
it must not show the foreign objects, nor write for them). URLs outside the sweep are in
``NOT_SWEPT`` with the reason.

A new URL makes `test_every_url_is_in_the_registry` fail: add it here.
"""

from __future__ import annotations

NOT_SWEPT: dict[str, str] = {
    "set_language": "changes the visitor's own language cookie only",
    "accounts:login": "public by design: the login form",
    "accounts:logout": "acts on the visitor's own session only",
    "accounts:password_change": "acts on the visitor's own account only",
    "core:healthz": "public by design: the health check",
    "scoring:rate": "public by design: a resident rater's personal link (the token is the key)",
    "matters:confirm": "public by design: a requester's confirmation link (the token is the key)",
    "activities:sign_in": "public by design: QR sign-in (the token is the key)",
}

PLAIN = [{}]

REGISTRY: dict[str, list[dict[str, str]]] = {
    # orgs
    "orgs:unit_tree": PLAIN,
    "orgs:unit_create": PLAIN,
    "orgs:unit_detail": [{"unit_id": "unit"}],
    "orgs:unit_edit": [{"unit_id": "unit"}],
    "orgs:person_list": PLAIN,
    "orgs:person_create": PLAIN,
    "orgs:person_detail": [{"person_id": "person"}],
    "orgs:person_edit": [{"person_id": "person"}],
    "orgs:person_role_add": [{"person_id": "person"}],
    "orgs:person_role_remove": [{"person_id": "person", "assignment_id": "assignment"}],
    "orgs:person_password_reset": [{"person_id": "person"}],
    "orgs:import": PLAIN,
    "orgs:import_template": [{"kind": "=all"}, {"kind": "=people"}],
    "audit:entry_list": PLAIN,
    # campaigns
    "campaigns:campaign_list": PLAIN,
    "campaigns:campaign_load": PLAIN,
    "campaigns:campaign_detail": [{"campaign_id": "campaign"}],
    "campaigns:campaign_edit": [{"campaign_id": "campaign"}],
    "campaigns:campaign_export": [{"campaign_id": "campaign"}],
    "campaigns:node_create": [{"campaign_id": "campaign"}],
    "campaigns:node_edit": [{"campaign_id": "campaign", "node_id": "leaf"}],
    "campaigns:node_delete": [{"campaign_id": "campaign", "node_id": "leaf"}],
    "scoring:period_list": [{"campaign_id": "campaign"}],
    "scoring:period_detail": [{"campaign_id": "campaign", "period_id": "period"}],
    "scoring:period_score": [{"campaign_id": "campaign", "period_id": "period"}],
    "scoring:period_publish": [{"campaign_id": "campaign", "period_id": "period"}],
    "scoring:period_correct": [{"campaign_id": "campaign", "period_id": "period"}],
    # scoring
    "scoring:rankings_home": PLAIN,
    "scoring:ranking": [{"period_id": "period"}],
    "scoring:period_export": [{"period_id": "period"}],
    "scoring:scorecard": [{"period_id": "period", "unit_id": "unit"}],
    "scoring:leaf_evidence": [{"period_id": "period", "unit_id": "unit", "code": "leaf.code"}],
    "scoring:campaign_ranking": [{"campaign_id": "campaign"}],
    "scoring:unit_trend": [{"campaign_id": "campaign", "unit_id": "unit"}],
    "scoring:burden": [{"campaign_id": "campaign"}],
    "scoring:inputs_home": PLAIN,
    "scoring:assessments": [{"period_id": "period"}],
    "scoring:assessment_cell": [{"period_id": "period", "leaf_id": "leaf", "unit_id": "unit"}],
    "scoring:adjustments": [{"period_id": "period"}],
    "scoring:adjustment_decide": [{"adjustment_id": "adjustment"}],
    "scoring:checklist_home": PLAIN,
    "scoring:checklists": [{"campaign_id": "campaign"}],
    "scoring:checklist_item_done": [{"item_id": "checklist_item"}],
    "scoring:appeal_create": [{"period_id": "period", "unit_id": "unit"}],
    "scoring:appeal_list": PLAIN,
    "scoring:appeal_detail": [{"appeal_id": "appeal"}],
    "scoring:attachment": [
        {"kind": "=appeal", "pk": "appeal_attachment"},
        {"kind": "=assessment", "pk": "assessment"},
        {"kind": "=adjustment", "pk": "adjustment"},
        {"kind": "=checklist", "pk": "checklist_item"},
    ],
    "scoring:panel_entry": [{"period_id": "period", "panel": "=arena"}],
    "scoring:rater_panels": [{"campaign_id": "campaign"}],
    "scoring:rater_qr": [{"rater_id": "rater"}],
    # matters
    "matters:matter_list": PLAIN,
    "matters:matter_create": PLAIN,
    "matters:duplicate_check": PLAIN,
    "matters:deadlines": PLAIN,
    "matters:matter_detail": [{"matter_id": "matter"}],
    "matters:matter_act": [
        {"matter_id": "matter", "action": f"={action}"}
        for action in ("assign", "accept", "return", "escalate", "resolve", "comment", "close")
    ],
    "matters:matter_attach": [{"matter_id": "matter"}],
    "matters:attachment": [{"attachment_id": "matter_attachment"}],
    "matters:confirmation_send": [{"matter_id": "matter"}],
    "matters:outbox": PLAIN,
    "matters:visit_list": PLAIN,
    "matters:visit_create": PLAIN,
    "matters:coverage": PLAIN,
    "matters:problem_row": PLAIN,
    "matters:visit_visitors": PLAIN,
    "matters:empty": PLAIN,
    "matters:visit_detail": [{"visit_id": "visit"}],
    "matters:enterprise_search": PLAIN,
    "matters:site_search": PLAIN,
    "matters:supervision_list": PLAIN,
    "matters:supervision_create": PLAIN,
    "matters:supervision_detail": [{"day_id": "supervision_day"}],
    "matters:supervision_finding_add": [{"day_id": "supervision_day"}],
    "matters:mediation_list": PLAIN,
    "matters:mediation_create": PLAIN,
    "matters:mediation_detail": [{"case_id": "mediation_case"}],
    "matters:mediation_session_add": [{"case_id": "mediation_case"}],
    "matters:mediation_conclude": [{"case_id": "mediation_case"}],
    # projects
    "projects:project_list": PLAIN,
    "projects:project_create": PLAIN,
    "projects:project_detail": [{"project_id": "project"}],
    "projects:project_edit": [{"project_id": "project"}],
    "projects:quantity_add": [{"project_id": "project"}],
    "projects:milestone_create": [{"project_id": "project"}],
    "projects:report_create": [{"project_id": "project"}],
    "projects:milestone_edit": [{"milestone_id": "milestone"}],
    "projects:milestone_done": [{"milestone_id": "milestone"}],
    "projects:date_request_decide": [{"request_id": "date_request"}],
    "projects:photo": [{"photo_id": "photo"}],
    "projects:battle_chart": PLAIN,
    "projects:warnings": PLAIN,
    "projects:import": PLAIN,
    "projects:import_template": PLAIN,
    "projects:export": PLAIN,
    "projects:action_list": PLAIN,
    "projects:action_create": PLAIN,
    "projects:action_detail": [{"action_id": "action"}],
    "projects:task_create": [{"action_id": "action"}],
    "projects:task_edit": [{"task_id": "task"}],
    "projects:task_done": [{"task_id": "task"}],
    "public_projects:list": PLAIN,
    "public_projects:detail": [{"project_id": "project"}],
    "public_projects:photo": [{"project_id": "project", "photo_id": "photo"}],
    "public_rankings:campaign_list": PLAIN,
    "public_rankings:ranking": [{"campaign_code": "campaign.code", "period_key": "period.key"}],
    # activities
    "activities:activity_list": PLAIN,
    "activities:activity_create": PLAIN,
    "activities:attendance": PLAIN,
    "activities:activity_detail": [{"activity_id": "activity"}],
    "activities:session_create": [{"activity_id": "activity"}],
    "activities:attachment_add": [{"activity_id": "activity"}],
    "activities:attachment": [{"attachment_id": "activity_attachment"}],
    "activities:session_detail": [{"session_id": "session"}],
    "activities:session_screen": [{"session_id": "session"}],
    "activities:session_qr": [{"session_id": "session"}],
    "activities:session_manual": [{"session_id": "session"}],
    "activities:session_action": [
        {"session_id": "session", "action": f"={action}"}
        for action in ("open", "close", "rotate", "cancel", "record_held", "participants")
    ],
    "activities:brand_list": PLAIN,
    "activities:brand_create": PLAIN,
    "activities:brand_detail": [{"brand_id": "brand"}],
    "activities:season_create": [{"brand_id": "brand"}],
    # core
    "home:home": PLAIN,
    "core:notifications": PLAIN,
}
