"""Who sees and changes which project, action and task."""

from __future__ import annotations

from zhengxian.jobs.models import Job
from zhengxian.projects.models import Project
from zhengxian.projects.selectors import projects_visible_to, tasks_visible_to

from .factories import add_milestone, add_task, make_action, make_project, report


def test_a_project_is_seen_where_the_scope_covers_its_unit(org, today, login):
    a = make_project(org, "A1", name="湘湖项目")
    b = make_project(org, "B1", name="湖头陈项目", unit=org.community_b)
    assert set(projects_visible_to(org.user("cadre_a"))) == {a}
    assert set(projects_visible_to(org.user("viewer_b"))) == {b}
    assert set(projects_visible_to(org.user("leadership"))) == {a, b}
    assert set(projects_visible_to(org.user("nobody"))) == set()

    client = login("cadre_b")
    assert client.get(f"/projects/{a.pk}/").status_code == 404
    listing = client.get("/projects/")
    assert "湖头陈项目" in listing.text and "湘湖项目" not in listing.text
    chart = client.get("/projects/chart/?year=2026")
    assert "湖头陈项目" in chart.text and "湘湖项目" not in chart.text
    # The same page and object for a user whose scope covers it.
    assert login("cadre_a").get(f"/projects/{a.pk}/").status_code == 200
    assert "湘湖项目" in login("cadre_a").get("/projects/chart/?year=2026").text


def test_a_lead_leader_sees_the_projects_they_lead_outside_their_scope(org, today, login):
    from zhengxian.orgs.roles import Role
    from zhengxian.orgs.testing import make_person

    lead = make_person(
        "lead_b", org.community_b, [(Role.PROJECT_LEAD, org.community_b)], "湖头陈包联"
    )
    a = make_project(org, "A1", lead=lead)
    assert a in projects_visible_to(lead.user)
    client = login("cadre_a")
    client.force_login(lead.user)
    assert client.get(f"/projects/{a.pk}/").status_code == 200
    assert client.get(f"/projects/{a.pk}/report/").status_code == 200  # the lead reports progress
    assert (
        client.get(f"/projects/{a.pk}/edit/").status_code == 403
    )  # editing needs the unit's scope
    assert login("leader_a").get(f"/projects/{a.pk}/edit/").status_code == 200  # who has it


def test_cadres_report_progress_but_only_managers_edit(org, today, login):
    project = make_project(org, "A1")
    milestone = add_milestone(project, "主体结顶", 3)
    cadre = login("cadre_a")
    assert cadre.get(f"/projects/{project.pk}/report/").status_code == 200
    assert cadre.get(f"/projects/{project.pk}/edit/").status_code == 403
    assert cadre.get(f"/projects/{project.pk}/milestones/new/").status_code == 403
    response = cadre.post(f"/projects/milestones/{milestone.pk}/done/", {"day": "2026-03-18"})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.actual_date is not None
    viewer = login("viewer_b")
    b_project = make_project(org, "B1", unit=org.community_b)
    assert viewer.get(f"/projects/{b_project.pk}/").status_code == 200
    assert viewer.get(f"/projects/{b_project.pk}/report/").status_code == 403
    assert login("leader_a").get(f"/projects/{project.pk}/edit/").status_code == 200
    assert login("leader_a").get(f"/projects/{b_project.pk}/edit/").status_code == 404
    # The pages refused above open for a user allowed on that project.
    assert login("cadre_b").get(f"/projects/{b_project.pk}/report/").status_code == 200
    assert login("office").get(f"/projects/{b_project.pk}/edit/").status_code == 200


def test_the_warnings_page_is_for_leadership(org, today, login):
    assert login("leadership").get("/projects/warnings/").status_code == 200
    assert login("project_lead").get("/projects/warnings/").status_code == 200
    assert login("cadre_a").get("/projects/warnings/").status_code == 403


def test_tasks_are_seen_by_their_owner_unit_and_the_organiser(org, today, login):
    action = make_action(org)
    mine = add_task(action, org.community_a, "消防", 5)
    theirs = add_task(action, org.community_b, "燃气", 5)
    assert set(tasks_visible_to(org.user("cadre_a"))) == {mine}
    assert set(tasks_visible_to(org.user("office"))) == {mine, theirs}
    page = login("cadre_a").get(f"/projects/actions/{action.pk}/")
    assert page.status_code == 200 and "消防" in page.text and "燃气" not in page.text
    assert (
        login("cadre_a")
        .post(f"/projects/tasks/{theirs.pk}/done/", {"day": "2026-03-18"})
        .status_code
        == 404
    )
    assert (
        login("viewer_b")
        .post(f"/projects/tasks/{theirs.pk}/done/", {"day": "2026-03-18"})
        .status_code
        == 403
    )
    assert login("cadre_a").get(f"/projects/actions/{action.pk}/tasks/new/").status_code == 403
    assert login("office").get(f"/projects/actions/{action.pk}/tasks/new/").status_code == 200
    assert (
        login("cadre_a").post(f"/projects/tasks/{mine.pk}/done/", {"day": "2026-03-18"}).status_code
        == 302
    )
    mine.refresh_from_db()
    assert mine.done_on is not None and mine.status == "green"
    # 湖头陈社区's own cadre may mark the task refused to cadre_a and viewer_b above.
    done = login("cadre_b").post(f"/projects/tasks/{theirs.pk}/done/", {"day": "2026-03-18"})
    assert done.status_code == 302
    theirs.refresh_from_db()
    assert theirs.done_on is not None


def test_the_export_holds_only_visible_projects(org, today, login):
    import io

    import openpyxl

    make_project(org, "A1")
    make_project(org, "B1", unit=org.community_b)
    client = login("cadre_a")
    assert client.post("/projects/export/").status_code == 302  # a job, run at once in tests
    job = Job.objects.get(kind="projects.export")
    response = client.get(f"/jobs/{job.pk}/file/")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    codes = [row[0] for row in book["项目"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert codes == ["A1"]
    assert Project.objects.count() == 2


def test_anonymous_users_are_sent_to_log_in(org, today, client):
    project = make_project(org, "A1")
    report(project, 0, 10)
    for url in (
        "/projects/",
        "/projects/chart/",
        f"/projects/{project.pk}/",
        "/projects/actions/",
        "/projects/warnings/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
