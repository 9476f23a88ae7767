"""A valid file imports units, people, roles and accounts in one go, and every write is audited."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse

from zhengxian.audit.models import AuditEntry
from zhengxian.audit.verification import verify_chain
from zhengxian.orgs.importing.testing import person_row, unit_row, xlsx
from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Role
from zhengxian.orgs.tests.import_page import Imported, post_import

User = get_user_model()


def post(client, data: bytes, name: str = "import.xlsx") -> Imported:
    return post_import(client, data, name)


def good_file() -> bytes:
    return xlsx(
        units=[
            unit_row("CX-NEW1", "新华社区", "社区", "CX", 3),
            # a child listed before its parent: the file's order does not matter
            unit_row("CX-NEW2-G1", "新民第一网格", "网格", "CX-NEW2"),
            unit_row("CX-NEW2", "  新民社区 ", "社区", "CX"),
            unit_row("CX-NEW1-G1", "新华第一网格", "网格", "CX-NEW1", "2"),
            unit_row("CX-XH", "湘湖社区（更名）", "社区", "CX"),  # an existing unit: updated
            unit_row("CX-HT", "湖头陈社区", "社区", "CX"),  # existing and identical: unchanged
        ],
        people=[
            person_row(
                "张三",
                "CX-NEW1",
                **{
                    "职务": "书记",
                    "手机": 13800000000,
                    "账号": "zhangsan",
                    "角色": "单位负责人、干部",
                    "任职日期": dt.date(2023, 1, 1),
                },
            ),
            person_row("李四", "CX-NEW1-G1", **{"手机": 13900000000.0, "角色": "干部"}),
            person_row(
                " 王五 ",
                "CX-XH",
                **{
                    "账号": " wangwu ",
                    "角色": "查看，考评员",
                    "角色范围单位编码": "CX-NEW2",
                    "任职日期": "2023/3/1",
                },
            ),
        ],
    )


def test_a_good_file_imports_units_people_roles_and_accounts(org, login):
    response = post(login("office"), good_file())

    assert response.status_code == 200
    assert response.job.kind == "orgs.people_import"  # the writes ran as a background job
    result = response.result
    assert result is not None, response.job.error
    assert (result.units_created, result.units_updated, result.units_unchanged) == (4, 1, 1)
    assert (result.people_created, result.roles_assigned) == (3, 5)
    new1, new2, grid = (Unit.objects.get(code=c) for c in ("CX-NEW1", "CX-NEW2", "CX-NEW2-G1"))
    assert new1.parent == org.subdistrict and new1.sort_order == 3 and new1.kind == "community"
    assert grid.parent == new2 and grid.path.startswith(new2.path) and grid.depth == 3
    assert new2.name == "新民社区"
    assert Unit.objects.get(code="CX-NEW1-G1").sort_order == 2
    assert Unit.objects.get(code="CX-XH").name == "湘湖社区（更名）"

    zhang = Person.objects.get(name="张三")
    assert (zhang.unit, zhang.position, zhang.phone) == (new1, "书记", "13800000000")
    assert set(zhang.roles.values_list("role", "unit__code")) == {
        (Role.UNIT_LEADER, "CX-NEW1"),
        (Role.CADRE, "CX-NEW1"),
    }
    li = Person.objects.get(name="李四")
    assert li.user is None and li.phone == "13900000000"
    wang = Person.objects.get(name="王五")
    assert wang.user.username == "wangwu"
    assert set(wang.roles.values_list("role", "unit__code")) == {
        (Role.VIEWER, "CX-NEW2"),
        (Role.EVALUATOR, "CX-NEW2"),
    }


def test_new_accounts_get_one_time_passwords_shown_once_in_the_summary(org, login):
    response = post(login("office"), good_file())

    accounts = {a.username: a for a in response.result.accounts}
    assert set(accounts) == {"zhangsan", "wangwu"}
    shown = response.progress.text
    for username, account in accounts.items():
        user = User.objects.get(username=username)
        assert user.check_password(account.password)
        assert user.must_change_password
        assert account.password in shown
    assert "no-store" in response.progress["Cache-Control"]
    assert 'data-testid="job-summary"' in shown and 'data-testid="job-table"' in shown

    again = response.page.client.get(reverse("jobs:job_progress", args=[response.job.pk]))
    assert 'data-testid="job-table-shown"' in again.text  # shown once, then erased
    assert all(account.password not in again.text for account in accounts.values())
    response.job.refresh_from_db()
    assert "zhangsan" not in str(response.job.result.get("table"))


def test_every_write_of_the_import_is_audited_under_the_importer(org, login):
    before = AuditEntry.objects.count()
    office = org.user("office")

    post(login("office"), good_file())

    entries = AuditEntry.objects.filter(seq__gt=before)
    created = entries.filter(action="create", actor_id=office.pk)
    assert created.filter(model="orgs.unit").count() == 4
    assert created.filter(model="orgs.person").count() == 3
    assert created.filter(model="orgs.roleassignment").count() == 5
    assert created.filter(model="accounts.user").count() == 2
    renamed = entries.get(action="update", model="orgs.unit", object_id=str(org.community_a.pk))
    assert renamed.changes["name"] == ["湘湖社区", "湘湖社区（更名）"]
    assert not entries.filter(model="orgs.unit", object_id=str(org.community_b.pk)).exists()
    assert verify_chain().ok


def test_an_existing_unit_can_be_moved_within_the_scope_with_its_subtree(org, login):
    response = post(
        login("office"),
        xlsx(
            units=[
                unit_row("CX-PQ", "湘湖片区", "科室", "CX"),
                unit_row("CX-XH", "湘湖社区", "社区", "CX-PQ"),
            ]
        ),
    )

    assert response.result.units_updated == 1
    area = Unit.objects.get(code="CX-PQ")
    grid = Unit.objects.get(code="CX-XH-G1")
    assert Unit.objects.get(code="CX-XH").parent == area
    assert grid.path.startswith(area.path) and grid.depth == area.depth + 2


def test_a_file_with_only_people_may_refer_to_existing_units(org, login):
    response = post(login("office"), xlsx(people=[person_row("赵六", "CX-HT-G1", 角色="干部")]))

    result = response.result
    assert result.people_created == 1 and result.units_created == 0
    zhao = Person.objects.get(name="赵六")
    assert zhao.unit == org.grid_b
    assert list(zhao.roles.values_list("role", flat=True)) == [Role.CADRE]


def test_codes_typed_as_numbers_are_read_as_text(org, login):
    response = post(
        login("office"),
        xlsx(
            units=[
                unit_row(1001, "数字编码社区", "社区", "CX"),
                unit_row(1002.0, "网格", "网格", 1001),
            ],
            people=[person_row("钱七", 1002, 手机=" 138 0000 0000 ")],
        ),
    )

    assert response.result.units_created == 2
    assert Unit.objects.get(code="1002").parent.code == "1001"
    assert Person.objects.get(name="钱七").phone == "13800000000"


def test_a_superuser_may_create_a_top_level_unit(org, client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x-pass-123")
    client.force_login(admin)

    response = post(client, xlsx(units=[unit_row("BJ", "滨江区", "区", None)]))

    assert response.result.units_created == 1
    assert Unit.objects.get(code="BJ").parent is None


def test_blank_rows_are_skipped(org, login):
    data = xlsx(units=[unit_row("CX-A", "甲"), {}, {}, unit_row("CX-B", "乙")])

    response = post(login("office"), data)

    assert response.result.units_created == 2
    assert Unit.objects.filter(code__in=["CX-A", "CX-B"]).count() == 2


def test_the_top_unit_of_the_scope_can_be_renamed_under_its_unchanged_parent(org, login):
    response = post(login("office"), xlsx(units=[unit_row("CX", "城厢街道办事处", "街道", "XS")]))

    assert response.result.units_updated == 1
    assert Unit.objects.get(code="CX").name == "城厢街道办事处"
