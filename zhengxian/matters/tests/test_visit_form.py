"""The visit form as a cadre meets it on a phone: 走访情况 may stay empty when a problem is
entered; a problem may carry a photo, stored with the visit or not at all; adding a name to
the register is never chosen for the cadre; the community list holds communities only."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhengxian.matters import services
from zhengxian.matters.models import Enterprise, Matter, MatterAttachment, Visit
from zhengxian.matters.services import ProblemInput, VisitTarget
from zhengxian.orgs.models import UnitKind

from .conftest import TODAY
from .test_attachments import JPEG, PNG

pytestmark = pytest.mark.django_db


def visit_form(org, **changes):
    data = {
        "visited_on": TODAY.isoformat(),
        "unit": org.community_a.pk,
        "visitors": [org.people["cadre_a"].pk],
        "target_kind": "household",
        "target_unit": org.community_a.pk,
        "household": "湘湖家园3幢2单元",
        "summary": "",
        "problem_key": ["k1"],
        "problem-k1-text": "楼道声控灯坏了，晚上看不见",
        "problem-k1-category": "facilities",
    }
    data.update(changes)
    return data


def nothing_written() -> bool:
    return not (
        Visit.objects.exists() or Matter.objects.exists() or MatterAttachment.objects.exists()
    )


def test_a_visit_with_a_problem_and_no_notes_is_logged(org, login):
    response = login("cadre_a").post(reverse("matters:visit_create"), visit_form(org))
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.summary == ""
    assert visit.matters.get().title == "楼道声控灯坏了，晚上看不见"


def test_a_visit_with_neither_notes_nor_a_problem_asks_for_one(org, login):
    response = login("cadre_a").post(
        reverse("matters:visit_create"), visit_form(org, **{"problem-k1-text": ""})
    )
    assert response.status_code == 200
    assert response.context["form"].errors["summary"]
    assert nothing_written()


def test_the_service_takes_a_visit_with_a_problem_and_no_notes(org):
    result = services.visit_create(
        actor=org.user("cadre_a"),
        unit=org.community_a,
        visited_on=TODAY,
        target=VisitTarget(kind="community", unit=org.community_a),
        summary="  ",
        visitors=[org.people["cadre_a"]],
        problems=[ProblemInput(text="路灯坏了")],
    )
    assert result.visit.summary == "" and len(result.matters) == 1
    with pytest.raises(ValidationError):
        services.visit_create(
            actor=org.user("cadre_a"),
            unit=org.community_a,
            visited_on=TODAY,
            target=VisitTarget(kind="community", unit=org.community_a),
            summary="",
            visitors=[org.people["cadre_a"]],
            problems=[ProblemInput(text=" ")],
        )


def test_a_visit_with_a_photo_stores_the_visit_its_matter_and_the_photo(org, login):
    photo = SimpleUploadedFile("现场.jpg", JPEG, content_type="image/jpeg")
    response = login("cadre_a").post(
        reverse("matters:visit_create"), visit_form(org, **{"problem-k1-photo": photo})
    )
    assert response.status_code == 302
    matter = Visit.objects.get().matters.get()
    attachment = matter.attachments.get()
    assert (attachment.content_type, attachment.size) == ("image/jpeg", len(JPEG))
    assert attachment.uploaded_by == org.user("cadre_a")


def test_a_bad_photo_leaves_no_visit_no_matter_and_no_file(org, login):
    good = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    bad = SimpleUploadedFile("b.jpg", b"plain text pretending to be a photo")
    data = visit_form(
        org,
        problem_key=["k1", "k2"],
        **{"problem-k1-photo": good, "problem-k2-text": "井盖松动", "problem-k2-photo": bad},
    )
    response = login("cadre_a").post(reverse("matters:visit_create"), data)
    assert response.status_code == 200
    assert "b.jpg" in response.content.decode()  # says which file was refused
    assert nothing_written()


def test_a_photo_without_its_problem_is_refused(org):
    with pytest.raises(ValidationError):
        services.visit_create(
            actor=org.user("cadre_a"),
            unit=org.community_a,
            visited_on=TODAY,
            target=VisitTarget(kind="community", unit=org.community_a),
            summary="走访",
            visitors=[org.people["cadre_a"]],
            problems=[ProblemInput(text="", photos=(SimpleUploadedFile("a.png", PNG),))],
        )
    assert nothing_written()


def test_the_register_picker_leaves_adding_a_name_unchosen(org, login):
    services.enterprise_get_or_create(
        actor=org.user("cadre_a"), name="杭州湘湖精密机械有限公司", unit=org.community_a
    )
    html = (
        login("cadre_a")
        .get(reverse("matters:enterprise_search"), {"enterprise_name": "精密"})
        .content.decode()
    )
    assert 'data-testid="enterprise-add"' in html
    assert "checked" not in html  # neither an entry nor "add it" is chosen for the cadre


def test_a_typed_name_like_register_entries_must_be_picked_or_added_on_purpose(org, login):
    services.enterprise_get_or_create(
        actor=org.user("cadre_a"), name="杭州湘湖精密机械有限公司", unit=org.community_a
    )
    client = login("cadre_a")
    data = visit_form(
        org,
        target_kind="enterprise",
        enterprise_name="精密机械",
        summary="了解经营情况",
        **{"problem-k1-text": ""},
    )
    asked = client.post(reverse("matters:visit_create"), data)
    assert asked.status_code == 200 and asked.context["form"].errors["enterprise"]
    assert 'hx-trigger="load, input' in asked.content.decode()  # the picker shows again
    assert Enterprise.objects.count() == 1 and not Visit.objects.exists()
    added = client.post(reverse("matters:visit_create"), {**data, "enterprise": "0"})
    assert added.status_code == 302
    assert set(Enterprise.objects.values_list("name", flat=True)) == {
        "杭州湘湖精密机械有限公司",
        "精密机械",
    }


def test_the_community_list_holds_only_communities(org, login):
    for user in ("cadre_a", "grid_a", "office"):
        form = login(user).get(reverse("matters:visit_create")).context["form"]
        units = list(form.fields["target_unit"].queryset)
        assert units and {unit.kind for unit in units} == {UnitKind.COMMUNITY}, user
        assert org.office not in units and org.subdistrict not in units


def test_a_grid_workers_visit_defaults_to_the_grids_community(org, login):
    form = login("grid_a").get(reverse("matters:visit_create")).context["form"]
    assert form["target_unit"].value() == org.community_a.pk
    refused = login("cadre_a").post(
        reverse("matters:visit_create"), visit_form(org, target_unit=org.office.pk)
    )
    assert refused.context["form"].errors["target_unit"]
    assert nothing_written()


def test_a_visit_without_notes_reads_well_as_evidence(org):
    from zhengxian.matters.evidence import describe_visits

    visit = services.visit_create(
        actor=org.user("cadre_a"),
        unit=org.community_a,
        visited_on=TODAY,
        target=VisitTarget(kind="household", unit=org.community_a, household="湘湖家园3幢"),
        summary="",
        visitors=[org.people["cadre_a"]],
        problems=[ProblemInput(text="路灯坏了")],
    ).visit
    assert describe_visits([visit.pk])[visit.pk].title == f"{visit.target_label}"  # no " · "


def test_a_photo_of_a_problem_linked_to_an_open_matter_is_stored_on_that_matter(org, login):
    from .factories import file_matter

    lamp = file_matter(org, title="湘湖家园3幢门口路灯坏了", description="晚上很黑")
    photo = SimpleUploadedFile("路灯.png", PNG, content_type="image/png")
    data = visit_form(
        org,
        **{
            "problem-k1-text": "3幢门口的路灯不亮",
            "problem-k1-link": str(lamp.pk),
            "problem-k1-photo": photo,
        },
    )
    assert login("cadre_a").post(reverse("matters:visit_create"), data).status_code == 302
    assert Matter.objects.count() == 1
    assert lamp.attachments.get().name == "路灯.png"


def test_a_photo_for_a_matter_the_cadre_may_not_touch_is_refused_before_anything_is_written(
    org,
):
    from .factories import file_matter

    lamp = file_matter(org)  # 湘湖社区's matter: 湖头陈's cadre may neither comment nor handle
    before = Matter.objects.count()
    with pytest.raises(ValidationError):
        services.visit_create(
            actor=org.user("cadre_b"),
            unit=org.community_b,
            visited_on=TODAY,
            target=VisitTarget(kind="community", unit=org.community_b),
            summary="",
            visitors=[org.people["cadre_b"]],
            problems=[
                ProblemInput(
                    text="路灯坏了", link_to=lamp, photos=(SimpleUploadedFile("a.png", PNG),)
                )
            ],
        )
    assert Matter.objects.count() == before and not Visit.objects.exists()
    assert not MatterAttachment.objects.exists()
