"""The activities' write services take an ``actor`` and check it themselves."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from zhengxian.activities import services
from zhengxian.activities.models import Brand, SessionChange
from zhengxian.core.actors import system_actor


def test_a_brand_for_another_unit_is_refused(org):
    with pytest.raises(PermissionDenied):
        services.brand_create(
            actor=org.user("leader_a"), code="x", name="别人的品牌", owner=org.community_b
        )
    assert not Brand.objects.exists()
    services.brand_create(  # for their own community the same call goes through
        actor=org.user("leader_a"), code="x", name="自己的品牌", owner=org.community_a
    )
    assert Brand.objects.get().owner == org.community_a


def test_a_command_may_act_as_the_system(org):
    brand = services.brand_create(
        actor=system_actor("load_demo"), code="xm", name="寻梦城河", owner=org.subdistrict
    )
    assert brand.pk


def test_a_cadre_cannot_cancel_a_session(org, study):
    with pytest.raises(PermissionDenied):
        services.session_cancel(session=study, actor=org.user("cadre_a"), reason="不想去")
    study.refresh_from_db()
    assert study.status == "planned"
    assert not SessionChange.objects.exists()
    services.session_cancel(session=study, actor=org.user("leader_a"), reason="改期")
    study.refresh_from_db()
    assert study.status == "cancelled"  # the organiser cancels the same session
