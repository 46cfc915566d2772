"""The tenancy module decides who sees and edits what; these tables are its contract.

Each row is (persona, object, expected). The builders are checked by filtering the real
tables, the predicates by calling them, and the selectors and pages must agree with both:
if a selector derived visibility on its own, the agreement rows would catch it.
"""

import ast
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from carbon20.actionplans.selectors import plans_for_user
from carbon20.core import tenancy
from carbon20.energy.models import FactorSet
from carbon20.energy.selectors import factor_sets_for_user
from carbon20.organisations.models import Company, Municipality, PortfolioEntry, Programme
from carbon20.organisations.selectors import (
    companies_for_user,
    companies_sharing_data_with,
    municipalities_for_user,
)
from carbon20.partnerships import workflow
from carbon20.partnerships.models import Partnership, RecruitmentChannel
from carbon20.partnerships.selectors import get_partnership_for_user, partnerships_for_user
from testsupport.fixtures import make_user

PERSONAS = [
    "officer_a",
    "officer_b",
    "coordinator",
    "consultant",
    "company_user",
    "superuser",
    "no_role_user",
]


def _start(company, officer, programme) -> Partnership:
    return workflow.start(
        company=company,
        municipality=company.municipality,
        programme=programme,
        owner=officer,
        user=officer,
        channel=RecruitmentChannel.BUSINESS_COUNCIL,
        first_contact_date=date(2026, 9, 1),
    )


@pytest.fixture
def world(company_a, company_b, officer_a, officer_b, programme, consultant):
    partnership_a = _start(company_a, officer_a, programme)
    partnership_a.consultant = consultant
    partnership_a.save(update_fields=["consultant"])
    return {
        "partnership_a": partnership_a,
        "partnership_b": _start(company_b, officer_b, programme),
        "company_a": company_a,
        "company_b": company_b,
    }


def _persona(request, name):
    return request.getfixturevalue(name)


# (persona, partnership, sees, edits, keeps the plan, reads the plan, signs)
PARTNERSHIP_TABLE = [
    ("officer_a", "partnership_a", True, True, True, True, False),
    ("officer_a", "partnership_b", False, False, False, False, False),
    ("officer_b", "partnership_a", False, False, False, False, False),
    ("officer_b", "partnership_b", True, True, True, True, False),
    ("coordinator", "partnership_a", True, False, False, True, False),
    ("coordinator", "partnership_b", True, False, False, True, False),
    ("consultant", "partnership_a", True, False, False, False, False),
    ("consultant", "partnership_b", False, False, False, False, False),
    ("company_user", "partnership_a", True, False, True, True, True),
    ("company_user", "partnership_b", False, False, False, False, False),
    ("superuser", "partnership_a", True, True, True, True, False),
    ("superuser", "partnership_b", True, True, True, True, False),
    ("no_role_user", "partnership_a", False, False, False, False, False),
    ("no_role_user", "partnership_b", False, False, False, False, False),
]


@pytest.mark.parametrize(
    ("persona", "target", "sees", "edits", "keeps_plan", "reads_plan", "signs"),
    PARTNERSHIP_TABLE,
)
def test_partnership_rules(
    request, world, persona, target, sees, edits, keeps_plan, reads_plan, signs
):
    user = _persona(request, persona)
    partnership = world[target]
    roles = tenancy.roles_of(user)
    reached = Partnership.objects.filter(tenancy.partnership_reach(roles, user=user))
    assert reached.filter(pk=partnership.pk).exists() is sees
    assert tenancy.may_edit_partnership(user, partnership) is edits
    assert (
        Partnership.objects.filter(
            tenancy.partnership_edit_reach(roles), pk=partnership.pk
        ).exists()
        is edits
    )
    assert tenancy.may_keep_plan(user, partnership) is keeps_plan
    assert (
        Partnership.objects.filter(tenancy.plan_keeping_reach(roles), pk=partnership.pk).exists()
        is keeps_plan
    )
    # Plans are reached through the partnership without the consultant's assignment.
    without_assignment = Partnership.objects.filter(tenancy.partnership_reach(roles))
    assert without_assignment.filter(pk=partnership.pk).exists() is reads_plan
    assert tenancy.may_read_plan(user, partnership) is reads_plan
    assert tenancy.may_sign_for_company(user, partnership) is signs


@pytest.mark.parametrize(
    ("persona", "target", "sees", "edits", "keeps_plan", "reads_plan", "signs"), PARTNERSHIP_TABLE
)
def test_selectors_agree_with_the_partnership_rules(
    request, world, persona, target, sees, edits, keeps_plan, reads_plan, signs
):
    """One place decides: the selectors answer what the table says, 404 outside it."""
    user = _persona(request, persona)
    partnership = world[target]
    assert partnerships_for_user(user).filter(pk=partnership.pk).exists() is sees
    if sees:
        assert get_partnership_for_user(user, partnership.uuid) == partnership
    else:
        with pytest.raises(Http404):
            get_partnership_for_user(user, partnership.uuid)


def test_plans_are_reached_through_the_partnership_path(world, officer_a, consultant):
    from carbon20.actionplans.models import ActionPlan

    plan = ActionPlan.objects.create(partnership=world["partnership_a"])
    reach = tenancy.partnership_reach(tenancy.roles_of(officer_a), path="partnership__")
    assert list(ActionPlan.objects.filter(reach)) == [plan]
    assert list(plans_for_user(officer_a)) == [plan]
    # The consultant reads the partnership, never its plan.
    assert not plans_for_user(consultant).exists()


# (persona, company, sees, writes consumption)
COMPANY_TABLE = [
    ("officer_a", "company_a", True, True),
    ("officer_a", "company_b", False, False),
    ("officer_b", "company_a", False, False),
    ("officer_b", "company_b", True, True),
    ("coordinator", "company_a", True, False),
    ("coordinator", "company_b", True, False),
    ("consultant", "company_a", False, False),
    ("company_user", "company_a", True, True),
    ("company_user", "company_b", False, False),
    ("superuser", "company_a", True, True),
    ("superuser", "company_b", True, True),
    ("no_role_user", "company_a", False, False),
]


@pytest.mark.parametrize(("persona", "target", "sees", "writes"), COMPANY_TABLE)
def test_company_rules(request, world, persona, target, sees, writes):
    user = _persona(request, persona)
    company = world[target]
    reach = tenancy.company_reach(tenancy.roles_of(user), portfolio=PortfolioEntry.objects.all())
    assert Company.objects.filter(reach, pk=company.pk).exists() is sees
    assert companies_for_user(user).filter(pk=company.pk).exists() is sees
    assert tenancy.may_write_consumption(user, company) is writes


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("target", ["company_a", "company_b"])
def test_reading_a_companys_data_agrees_with_its_reach(request, world, persona, target):
    user = _persona(request, persona)
    company = world[target]
    assert tenancy.may_read_company_data(user, company) is (
        companies_sharing_data_with(user).filter(pk=company.pk).exists()
    )


def test_a_page_asks_whether_a_company_shares_its_data_once(
    world, officer_a, django_assert_num_queries
):
    company = Company.objects.get(pk=world["company_a"].pk)
    tenancy.roles_of(officer_a)  # read once a request, by the page's first selector
    with django_assert_num_queries(1):
        assert tenancy.may_read_company_data(officer_a, company)
        assert tenancy.may_write_consumption(officer_a, company)
        assert tenancy.may_manage_company_access(officer_a, company)
        assert tenancy.may_edit_register_data(officer_a, company)


def test_a_company_in_two_readable_portfolios_is_listed_once(coordinator, company_a, muni_b):
    PortfolioEntry.objects.create(company=company_a, municipality=muni_b)
    reach = tenancy.company_reach(
        tenancy.roles_of(coordinator), portfolio=PortfolioEntry.objects.all()
    )
    assert list(Company.objects.filter(reach, pk=company_a.pk)) == [company_a]


@pytest.mark.parametrize(
    ("persona", "municipalities", "sees_programme"),
    [
        ("officer_a", {"A"}, True),
        ("officer_b", {"B"}, True),
        ("coordinator", {"A", "B"}, True),
        ("consultant", set(), False),
        ("company_user", set(), False),
        ("no_role_user", set(), False),
    ],
)
def test_municipality_and_programme_reach(
    request, muni_a, muni_b, programme, persona, municipalities, sees_programme
):
    user = _persona(request, persona)
    roles = tenancy.roles_of(user)
    names = {muni_a.pk: "A", muni_b.pk: "B"}
    reached = Municipality.objects.filter(tenancy.municipality_reach(roles))
    assert {names[m.pk] for m in reached} == municipalities
    edited = Municipality.objects.filter(tenancy.municipality_edit_reach(roles))
    assert {names[m.pk] for m in edited} == {
        names[pk] for pk in names if tenancy.in_municipality_edit_reach(roles, pk)
    }
    assert {names[m.pk] for m in municipalities_for_user(user)} == municipalities
    assert (
        Programme.objects.filter(tenancy.programme_reach(roles), pk=programme.pk).exists()
        is sees_programme
    )


def test_admin_reaches_every_tenant(superuser, programme):
    roles = tenancy.roles_of(superuser)
    assert tenancy.municipality_reach(roles) == tenancy.EVERYTHING
    assert Municipality.objects.filter(tenancy.municipality_reach(roles)).count() == 98
    assert Programme.objects.filter(tenancy.programme_reach(roles)).exists()
    assert tenancy.reaches_everything(superuser)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("officer_a", {"pipeline", "companies", "start", "meeting", "consumption", "dashboards"}),
        ("coordinator", {"pipeline", "companies", "factor_sets", "degree_days", "dashboards"}),
        ("consultant", set()),
        ("company_user", {"consumption"}),
        (
            "superuser",
            {
                "pipeline",
                "companies",
                "start",
                "meeting",
                "consumption",
                "dashboards",
                "factor_sets",
                "degree_days",
                "reference_sets",
            },
        ),
        ("no_role_user", set()),
    ],
)
def test_what_each_role_may_do(db, request, persona, expected):
    user = _persona(request, persona)
    granted = {
        "pipeline": tenancy.may_read_pipeline(user),
        "companies": tenancy.may_manage_companies(user),
        "start": tenancy.may_start_partnership(user),
        "meeting": tenancy.may_create_meeting(user),
        "consumption": tenancy.may_enter_consumption(user),
        "dashboards": tenancy.may_see_dashboards(user),
        "factor_sets": tenancy.may_manage_factor_sets(user),
        "degree_days": tenancy.may_import_degree_days(user),
        "reference_sets": tenancy.may_keep_reference_factor_sets(user),
    }
    assert {name for name, allowed in granted.items() if allowed} == expected
    assert tenancy.has_any_role(user) is (persona != "no_role_user")


def _factor_set(name, programme=None, published=True) -> FactorSet:
    return FactorSet.objects.create(
        name=name,
        year=2024,
        method="other",
        source_url="https://x.dk",
        reliability="C",
        programme=programme,
        is_published=published,
    )


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("officer_a", {"reference", "programme"}),
        ("coordinator", {"reference", "programme", "draft"}),
        ("consultant", {"reference"}),
        ("company_user", {"reference"}),
        ("superuser", {"reference", "programme", "draft", "other"}),
        ("no_role_user", set()),
    ],
)
def test_factor_set_reach(request, programme, persona, expected):
    other = Programme.objects.create(
        name="Andet", slug="andet", start_date=date(2025, 1, 1), end_date=date(2027, 1, 1)
    )
    _factor_set("reference")
    _factor_set("programme", programme)
    _factor_set("draft", programme, published=False)
    _factor_set("other", other)
    user = _persona(request, persona)
    reach = tenancy.factor_set_reach(tenancy.roles_of(user), programmes=Programme.objects.all())
    ours = {"reference", "programme", "draft", "other"}
    reached = FactorSet.objects.filter(reach, name__in=ours)
    assert set(reached.values_list("name", flat=True)) == expected
    selected = factor_sets_for_user(user).filter(name__in=ours)
    assert set(selected.values_list("name", flat=True)) == expected


@pytest.mark.parametrize(
    ("persona", "target", "gives_logins"),
    [
        ("officer_a", "company_a", True),
        ("officer_a", "company_b", False),
        ("officer_b", "company_b", True),
        ("coordinator", "company_a", False),
        ("company_user", "company_a", False),
        ("superuser", "company_b", True),
        ("no_role_user", "company_a", False),
    ],
)
def test_company_access_rules(request, world, persona, target, gives_logins):
    user = _persona(request, persona)
    assert tenancy.may_manage_company_access(user, world[target]) is gives_logins
    assert tenancy.may_manage_users(user) is (persona == "superuser")


def test_factor_set_editing(coordinator, officer_a, superuser, programme):
    reference = _factor_set("reference")
    own = _factor_set("programme", programme)
    assert tenancy.may_edit_factor_set(coordinator, own)
    assert not tenancy.may_edit_factor_set(coordinator, reference)
    assert not tenancy.may_edit_factor_set(officer_a, own)
    assert tenancy.may_edit_factor_set(superuser, reference)


def test_dashboard_reach_narrows_officers_to_their_municipalities(
    officer_a, coordinator, programme, muni_a
):
    officer_municipalities = programme.municipalities.filter(
        tenancy.dashboard_reach(tenancy.roles_of(officer_a), programme.id)
    )
    assert list(officer_municipalities) == [muni_a]
    assert (
        programme.municipalities.filter(
            tenancy.dashboard_reach(tenancy.roles_of(coordinator), programme.id)
        ).count()
        == 2
    )


def test_templates_and_programmes(officer_a, officer_b, coordinator, consultant, programme, muni_a):
    assert tenancy.may_edit_templates_of(officer_a, muni_a.id)
    assert not tenancy.may_edit_templates_of(officer_b, muni_a.id)
    assert tenancy.may_edit_templates_of(coordinator, muni_a.id)
    assert not tenancy.may_edit_templates_of(consultant, muni_a.id)
    assert not tenancy.may_edit_templates_of(officer_a, None)
    assert tenancy.may_edit_programme(coordinator, programme)
    assert not tenancy.may_edit_programme(officer_a, programme)
    assert tenancy.template_reach(tenancy.roles_of(consultant)) == tenancy.NOTHING


def test_no_role_and_anonymous_reach_nothing_without_a_query(
    no_role_user, django_assert_num_queries
):
    for user in (no_role_user, AnonymousUser(), None):
        roles = tenancy.roles_of(user)
        with django_assert_num_queries(0):
            assert list(Partnership.objects.filter(tenancy.partnership_reach(roles))) == []
            assert list(Municipality.objects.filter(tenancy.municipality_reach(roles))) == []
            assert list(Company.objects.filter(tenancy.company_user_of(roles))) == []
        assert tenancy.memberships(roles) == {}
        assert not tenancy.has_any_role(user)
    # A user without memberships is still asked whether a partnership was assigned to them.
    assert not partnerships_for_user(no_role_user).exists()
    assert not partnerships_for_user(AnonymousUser()).exists()
    assert not tenancy.may_write_review(AnonymousUser(), Partnership())


def test_memberships_list_only_the_kinds_held(officer_a, muni_a):
    held = tenancy.memberships(tenancy.roles_of(officer_a))
    assert set(held) == {"municipality"}
    assert list(Municipality.objects.filter(held["municipality"])) == [muni_a]


def test_an_officer_of_two_municipalities_reaches_both(world, muni_a, muni_b):
    from carbon20.accounts.models import Membership, Role

    officer = make_user("two@test.dk", Role.OFFICER, municipality=muni_a)
    Membership.objects.create(user=officer, role=Role.OFFICER, municipality=muni_b)
    reached = partnerships_for_user(officer)
    assert set(reached) == {world["partnership_a"], world["partnership_b"]}


def test_the_ground_imports_no_app():
    """core/tenancy.py may not import from accounts or any app above it."""
    source = Path(tenancy.__file__).read_text()
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert not [name for name in imported if name and name.startswith("carbon20")]
