"""Records counted per unit and added up each unit's path (orgs/rollup.py), on the people of
the org fixture: a person belongs to one unit, as a record does."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from zhengxian.orgs.models import Person
from zhengxian.orgs.rollup import Owners, counted_by_unit, integer_rows
from zhengxian.orgs.testing import OrgFixture


def _ids(*people: Person) -> int:
    return sum(person.pk for person in people)


def test_each_asked_unit_counts_its_own_records_and_those_of_every_unit_below(
    org: OrgFixture,
) -> None:
    people = org.people
    wanted = [org.subdistrict.pk, org.community_a.pk, org.grid_a.pk, org.grid_b.pk]
    counted = counted_by_unit(Person.objects.all(), "unit", wanted)

    in_a = [people[key] for key in ("leader_a", "cadre_a", "grid_a", "nobody")]
    assert counted[org.community_a.pk].count == 4
    assert counted[org.community_a.pk].id_sum == _ids(*in_a)
    assert counted[org.grid_a.pk].count == 1
    assert counted[org.subdistrict.pk].count == len(people)
    assert counted[org.subdistrict.pk].id_sum == _ids(*people.values())
    # Not asked for (the district, community B), or asked for without records (grid B):
    # left out, though the district's records were counted for the sub-district below it.
    assert set(counted) == {org.subdistrict.pk, org.community_a.pk, org.grid_a.pk}


def test_further_aggregates_add_up_the_same_way_and_a_sum_of_no_rows_is_zero(
    org: OrgFixture,
) -> None:
    org.people["nobody"].is_active = False
    org.people["nobody"].save(update_fields=["is_active"])
    counted = counted_by_unit(
        Person.objects.all(),
        "unit",
        [org.subdistrict.pk, org.community_a.pk, org.community_b.pk],
        extra={
            "active": Count("pk", filter=Q(is_active=True)),
            "inactive_ids": Sum("pk", filter=Q(is_active=False)),
        },
    )

    nobody = org.people["nobody"].pk
    assert counted[org.community_a.pk].extra == {"active": 3, "inactive_ids": nobody}
    assert counted[org.subdistrict.pk].extra == {
        "active": len(org.people) - 1,
        "inactive_ids": nobody,
    }
    assert counted[org.community_b.pk].extra == {"active": 2, "inactive_ids": 0}


def test_integer_rows_reads_the_aggregates_as_ints_and_no_rows_summed_as_zero(
    org: OrgFixture,
) -> None:
    rows = (
        Person.objects.filter(unit=org.community_b)
        .order_by()
        .values("unit__code")
        .annotate(people=Count("pk"), none=Sum("pk", filter=Q(pk__lt=0)))
        .values_list("unit__code", "people", "none")
    )

    assert list(integer_rows(rows)) == [("CX-HT", 2, 0)]
    assert all(type(number) is int for _, *numbers in integer_rows(rows) for number in numbers)


def test_a_filter_that_matches_nothing_counts_nothing_without_a_query(
    org: OrgFixture, django_assert_num_queries
) -> None:
    # A live refresh asks for the records of a few units' subtrees: none may be asked.
    nobody = Person.objects.filter(unit__in=[])
    with django_assert_num_queries(0):
        assert counted_by_unit(nobody, "unit", [org.subdistrict.pk]) == {}


def test_owners_are_the_asked_units_on_the_path_whichever_set_asked_first(
    org: OrgFixture,
) -> None:
    grid = org.grid_a.path
    communities = {org.community_a.pk, org.community_b.pk}
    streets = {org.subdistrict.pk, org.district.pk}

    # Paths read for one set of units are kept for the next Owners of that set; another
    # set's owners of the same path are its own.
    assert Owners(communities)(grid) == (org.community_a.pk,)
    assert Owners(streets)(grid) == (org.district.pk, org.subdistrict.pk)
    assert Owners(set(communities))(grid) == (org.community_a.pk,)
    assert Owners(communities)(org.office.path) == ()
    assert Owners(communities)(None) == ()
