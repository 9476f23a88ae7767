"""The unit tree at any size: the first page holds the top units of the user's scope and their
children, each counted; a unit's children load from orgs:unit_children (an htmx partial, or a
page of its own); a search by name or code finds any unit of the scope. Each answers in the
same number of queries whatever the size of the tree.

The org fixture (zhengxian/orgs/testing.py), with the active people of each unit:

    萧山区 XS (district, nobody's scope)                          0
    └── 城厢街道 CX            office and the other sub-district roles  0
        ├── 湘湖社区 CX-XH     leader_a, cadre_a                  3 (湘湖书记 湘湖干部 无角色)
        │   └── 湘湖第一网格 CX-XH-G1  grid_a                      1 (网格员甲)
        ├── 湖头陈社区 CX-HT   cadre_b, viewer_b                   2 (湖头陈干部 湖头陈观察员)
        │   └── 湖头陈第一网格 CX-HT-G1                            0
        └── 党政办 CX-DZB                                          5 (office, evaluator, leader,
                                                                      project_lead, supervisor)
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhengxian.core.actors import SYSTEM
from zhengxian.orgs import services
from zhengxian.orgs.models import Unit
from zhengxian.orgs.selectors import SEARCH_LIMIT, TREE_CHILDREN_LIMIT
from zhengxian.orgs.testing import bulk_units

pytestmark = pytest.mark.django_db

TREE = reverse("orgs:unit_tree")
HTMX = {"HX-Request": "true"}
SEARCH_HTMX = {"HX-Request": "true", "HX-Target": "unit-search-results"}
NODE = re.compile(
    r'data-unit-code="(?P<code>[^"]+)" data-children="(?P<children>\d+)" '
    r'data-people="(?P<people>\d+)"'
)


def children_url(unit: Unit, query: str = "") -> str:
    url = reverse("orgs:unit_children", args=[unit.pk])
    return f"{url}?{query}" if query else url


def nodes(html: str) -> dict[str, tuple[int, int]]:
    """Every counted node of a page: code → (children, people)."""
    return {m["code"]: (int(m["children"]), int(m["people"])) for m in NODE.finditer(html)}


def found(html: str) -> list[str]:
    """The names the search lists, in order."""
    block = html.split('data-testid="unit-search-results"', 1)
    if len(block) < 2:
        return []
    listed = block[1].split('data-testid="unit-tree"', 1)[0].split("</ul>", 1)[0]
    return re.findall(r'<a href="/orgs/units/\d+/" class="fw-semibold[^"]*">([^<]+)</a>', listed)


grow = bulk_units


# ---------------------------------------------------------------------------------------
# The first page and its counts
# ---------------------------------------------------------------------------------------


def test_the_first_page_shows_the_top_of_the_scope_and_its_children_counted(org, login):
    page = login("office").get(TREE).text

    assert nodes(page) == {
        "CX": (3, 0),
        "CX-XH": (1, 3),
        "CX-HT": (1, 2),
        "CX-DZB": (0, 5),
    }  # the grids are a level below: loaded on expanding, not on the first page
    assert "湘湖第一网格" not in page
    assert page.count('data-testid="lazy-node"') == 2  # the two communities have grids
    assert f'hx-get="{children_url(org.community_a)}"' in page
    assert f'href="{children_url(org.community_a)}"' in page  # the same URL without JavaScript
    assert f'href="{reverse("orgs:unit_detail", args=[org.community_a.pk])}"' in page


def test_counts_leave_out_inactive_units_and_people_unless_inactive_units_are_shown(org, login):
    services.unit_create(
        actor=SYSTEM, code="CX-XH-G9", name="停用网格", kind="grid", parent=org.community_a
    )
    services.unit_update(actor=SYSTEM, unit=Unit.objects.get(code="CX-XH-G9"), is_active=False)
    services.person_update(actor=SYSTEM, person=org.people["nobody"], is_active=False)
    client = login("office")

    default = nodes(client.get(TREE).text)
    with_inactive = nodes(client.get(TREE, {"inactive": "1"}).text)
    children = client.get(children_url(org.community_a, "inactive=1"), headers=HTMX).text

    assert default["CX-XH"] == (1, 2)  # 无角色 left, the stopped grid hidden
    assert with_inactive["CX-XH"] == (2, 2)  # people are always the active ones
    assert set(nodes(children)) == {"CX-XH-G1", "CX-XH-G9"}
    assert "停用网格" not in client.get(children_url(org.community_a), headers=HTMX).text
    assert (
        f'{children_url(org.community_a)}?inactive=1"' in client.get(TREE, {"inactive": "1"}).text
    )


def test_a_unit_user_sees_only_their_subtree(org, login):
    leader = login("leader_a").get(TREE).text
    grid = login("grid_a").get(TREE).text

    assert nodes(leader) == {"CX-XH": (1, 3), "CX-XH-G1": (0, 1)}
    assert nodes(grid) == {"CX-XH-G1": (0, 1)}
    for name in ("萧山区", "城厢街道", "湖头陈社区", "党政办"):
        assert name not in leader
        assert name not in grid


def test_a_superuser_starts_from_the_root_of_the_whole_tree(org, client):
    admin = get_user_model().objects.create_superuser("root", password="x-very-long-pass-1")
    client.force_login(admin)

    assert nodes(client.get(TREE).text) == {"XS": (1, 0), "CX": (3, 0)}


def test_a_unit_with_very_many_children_shows_the_first_and_says_how_many_are_left_out(org, login):
    grow(org.grid_b, TREE_CHILDREN_LIMIT + 3, prefix="B")

    children = login("office").get(children_url(org.grid_b), headers=HTMX).text

    assert len(nodes(children)) == TREE_CHILDREN_LIMIT
    assert 'data-testid="children-left-out"' in children
    assert "3" in children.split('data-testid="children-left-out"')[1][:40]


# ---------------------------------------------------------------------------------------
# Expanding: orgs:unit_children
# ---------------------------------------------------------------------------------------


def test_expanding_loads_the_children_counted_as_list_items(org, login):
    response = login("office").get(children_url(org.community_a), headers=HTMX)

    assert response.status_code == 200
    assert nodes(response.text) == {"CX-XH-G1": (0, 1)}
    assert response.text.lstrip().startswith("<li")
    assert "<html" not in response.text and "navbar" not in response.text
    assert "HX-Request" in response["Vary"]


def test_without_htmx_the_children_are_a_page_with_the_units_path(org, login):
    response = login("leader_a").get(children_url(org.community_a))

    assert response.status_code == 200
    assert "<html" in response.text
    assert nodes(response.text) == {"CX-XH-G1": (0, 1)}
    crumbs = response.text.split('class="breadcrumb', 1)[1].split("</ol>", 1)[0]
    assert "湘湖社区" in crumbs
    assert "城厢街道" not in crumbs  # above the leader's scope


def test_a_deep_unit_is_reached_by_expanding_level_by_level(org, login):
    [building] = grow(org.grid_a, 1, prefix="LD", kind="office", people=2)
    client = login("office")

    communities = client.get(children_url(org.subdistrict), headers=HTMX).text
    grids = client.get(children_url(org.community_a), headers=HTMX).text
    buildings = client.get(children_url(org.grid_a), headers=HTMX).text

    assert "湘湖第一网格" not in client.get(TREE).text
    assert nodes(communities)["CX-XH"] == (1, 3)
    assert nodes(grids) == {"CX-XH-G1": (1, 1)}
    assert nodes(buildings) == {"LD-0": (0, 2)}
    assert f'hx-get="{children_url(org.grid_a)}"' in grids  # the grid is expandable now
    assert building.name in buildings


@pytest.mark.parametrize(
    ("role", "unit"),
    [
        ("cadre_b", "community_a"),  # the other community
        ("grid_a", "community_a"),  # above the user's scope
        ("leader_a", "subdistrict"),
        ("office", "district"),
        ("nobody", "community_a"),  # no role at all
    ],
)
def test_the_children_of_a_unit_outside_the_scope_are_not_found(role, unit, org, login):
    client = login(role)
    url = children_url(getattr(org, unit))

    assert client.get(url).status_code == 404
    assert client.get(url, headers=HTMX).status_code == 404


# ---------------------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------------------


def test_search_finds_a_deep_unit_by_code_and_by_name_with_its_path(org, login):
    [building] = grow(org.grid_a, 1, prefix="CX-XH-G1-LD", kind="office")
    client = login("office")

    by_code = client.get(TREE, {"q": "cx-xh-g1-ld-0"}).text  # any case
    by_name = client.get(TREE, {"q": "单位0"}, headers=SEARCH_HTMX).text

    assert found(by_code) == [building.name]
    assert "城厢街道 / 湘湖社区 / 湘湖第一网格" in by_code  # 萧山区 is above the scope
    assert "萧山区" not in by_code
    assert found(by_name) == [building.name]
    assert "<html" not in by_name and 'data-testid="unit-tree"' not in by_name


def test_search_lists_an_exact_code_first(org, login):
    page = login("office").get(TREE, {"q": "CX-XH"}).text

    assert found(page) == ["湘湖社区", "湘湖第一网格"]


def test_search_never_finds_a_unit_outside_the_scope(org, login):
    grow(org.grid_b, 1, prefix="HT-LD", kind="office")
    client = login("cadre_a")

    for query in ("CX-HT", "湖头陈", "HT-LD", "萧山", "XS", "城厢"):
        assert found(client.get(TREE, {"q": query}).text) == [], query
    assert found(client.get(TREE, {"q": "网格"}).text) == ["湘湖第一网格"]
    assert found(login("cadre_b").get(TREE, {"q": "HT-LD-0"}).text) == ["HT-LD单位0"]


def test_search_lists_at_most_a_bounded_number_of_units(org, login):
    grow(org.community_b, SEARCH_LIMIT + 5, prefix="MANY")

    page = login("office").get(TREE, {"q": "MANY"}).text

    assert len(found(page)) == SEARCH_LIMIT
    assert f"{SEARCH_LIMIT}" in page.split('data-testid="unit-search-results"', 1)[1][:400]


# ---------------------------------------------------------------------------------------
# Constant queries at two sizes
# ---------------------------------------------------------------------------------------


def queries(client, url: str, **kwargs) -> int:
    client.get(url, **kwargs)  # warm: the session, the language, the first-visit caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(captured)


def test_the_pages_answer_in_the_same_number_of_queries_at_10_and_200_units(org, login):
    client = login("office")
    pages = {
        "tree": (TREE, {}),
        "tree, searched": (TREE, {"data": {"q": "单位"}}),
        "search (htmx)": (TREE, {"data": {"q": "单位"}, "headers": SEARCH_HTMX}),
        "children (htmx)": (children_url(org.community_b), {"headers": HTMX}),
        "children (page)": (children_url(org.community_b), {}),
    }
    grow(org.community_b, 3, prefix="S", people=1)  # 7 + 3 = 10 units
    small = {name: queries(client, url, **kw) for name, (url, kw) in pages.items()}

    tops = grow(org.subdistrict, 40, prefix="T", kind="community", people=2)
    for top in tops[:3]:
        grow(top, 30, prefix=f"T{top.pk}", people=1)
    grow(org.community_b, 60, prefix="L", people=3)
    assert Unit.objects.count() >= 200
    large = {name: queries(client, url, **kw) for name, (url, kw) in pages.items()}

    assert large == small
    assert nodes(client.get(TREE).text)["CX"] == (43, 0)
    assert nodes(client.get(children_url(org.subdistrict), headers=HTMX).text)[tops[0].code] == (
        30,
        2,
    )
