from __future__ import annotations

from django.urls import reverse


def test_cadre_of_one_community_never_sees_another_communitys_people(login):
    client = login("cadre_a")
    response = client.get(reverse("orgs:person_list"))
    assert response.status_code == 200
    assert "湘湖干部" in response.text
    assert "湖头陈干部" not in response.text
