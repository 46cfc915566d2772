"""Who may see and do what: the one place that decides.

A user's memberships become `Roles` once per request (`User.roles`, built in accounts). The
query builders below turn roles into `Q` objects for querysets; the predicates answer
yes/no for one object. Selectors compose both; views, forms, the API, template tags and
context processors ask the predicates and never read `Roles` fields themselves.

| who         | reads                                    | edits, does                             |
|-------------|------------------------------------------|-----------------------------------------|
| admin       | everything                               | everything; users; reference factor sets|
| officer     | their municipalities: partnerships,      | their municipalities' partnerships and  |
|             | meetings, portfolio companies, contacts, | meetings (and starts them), companies,  |
|             | templates, dashboards; the programmes    | templates, plans; consumption and the   |
|             | those municipalities are in              | company users of portfolio companies    |
| coordinator | their programmes and the municipalities  | programme settings, companies and       |
|             | in them; the whole programme dashboard   | templates there, factor sets, degree    |
|             |                                          | days                                    |
| consultant  | partnerships assigned to them (not the   | the technical review of those           |
|             | plans)                                   |                                         |
| company     | their company, its partnerships, plans   | signs the agreement, keeps the plan,    |
| user        | and consumption                          | enters consumption                      |
| adopting    | the company's public register data and   | its own contacts; starts partnerships   |
| officer     | its own contacts: no consumption, no     | with it; no register data, no           |
|             | evidence, no company logins              | consumption, no company logins          |
| weather     | officers, coordinators, consultants      | officers and coordinators add series,   |
| (DMI)       | (every staff role); company users do not | import temperatures (`may_keep_weather`)|
| production  | like consumption: whoever reads the      | like consumption: the company's users,  |
|             | company                                  | its portfolio municipality's officers   |
| no role     | nothing (their own profile)              | nothing                                 |
| public      | listed partnerships (`public.selectors`) | nothing                                 |
|             | and the model page of each programme     |                                         |

Guides (the library of the model's documents per programme): coordinators read and write
their programmes' guides and read the municipalities' own versions; officers read the
programme guides of their municipalities' programmes and write their municipalities' own
versions; through a partnership, company users read its plan template and follow-up
guidance, and the assigned consultant its screening and report guidelines.

A company's consumption, evidence files and register data are the company's own, shared per
partnership (decision 0017): the company's users, and the officers and coordinators of a
municipality that registered the company (its first portfolio entry) or that has a
partnership with it, read them; of those, officers (and coordinators for register data)
change them. Adopting an already registered company by its CVR (`PortfolioEntry.adopted`)
grants its public register data and a place to start a partnership, nothing another
municipality recorded.

Every builder takes a `path` that leads from the queried model to the object kind the rule
is about, e.g. `partnership_reach(roles, path="partnership__")` for plans. Outside the reach an
object answers 404, never 403, so that its existence does not leak; the selectors raise it.

An administrator's reach is `Q()`, which matches every row: use a reach as a whole filter
(or `&` it), never `|` it with another condition, since `Q() | x` is just `x`. No role reaches
`NOTHING`.

To add a role (say a read-only auditor): give `Roles` its field, let accounts fill it, and
widen the builders and predicates here; no other module reads roles.

This module is the ground: it imports no app. Where a rule needs a table (a company's
portfolio, a programme's municipalities), the selector hands over that model's queryset.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

# Matches no row, and compiles to no query at all when it is the whole filter.
NOTHING = Q(pk__in=[])
EVERYTHING = Q()


@dataclass(frozen=True)
class Roles:
    """What a user's memberships grant, read once per request."""

    municipality_ids: frozenset[int] = field(default_factory=frozenset)
    programme_ids: frozenset[int] = field(default_factory=frozenset)
    partner_ids: frozenset[int] = field(default_factory=frozenset)
    company_ids: frozenset[int] = field(default_factory=frozenset)
    # Municipalities that a coordinator reads through their programmes.
    programme_municipality_ids: frozenset[int] = field(default_factory=frozenset)
    is_admin: bool = False

    @property
    def is_officer(self) -> bool:
        return bool(self.municipality_ids)

    @property
    def is_coordinator(self) -> bool:
        return bool(self.programme_ids)

    @property
    def is_consultant(self) -> bool:
        return bool(self.partner_ids)

    @property
    def is_company_user(self) -> bool:
        return bool(self.company_ids)

    @property
    def readable_municipality_ids(self) -> frozenset[int]:
        return self.municipality_ids | self.programme_municipality_ids

    @property
    def manages_companies(self) -> bool:
        """Officers and coordinators create and edit company records."""
        return self.is_officer or self.is_coordinator


NO_ROLES = Roles()


def roles_of(user) -> Roles:
    """The user's roles; an anonymous visitor (or none) has none."""
    if user is None or not user.is_authenticated:
        return NO_ROLES
    roles: Roles = user.roles
    return roles


def _ids(path: str, ids) -> Q:
    return Q(**{f"{path}id__in": ids}) if ids else NOTHING


def _any(*conditions: Q) -> Q:
    """The union of the conditions that can match something; NOTHING if none can."""
    live = [condition for condition in conditions if condition is not NOTHING]
    if not live:
        return NOTHING
    union = live[0]
    for condition in live[1:]:
        union |= condition
    return union


# Memberships: where the user works, administrators included only through their own ---------


def officer_of(roles: Roles, path: str = "") -> Q:
    return _ids(path, roles.municipality_ids)


def coordinator_of(roles: Roles, path: str = "") -> Q:
    return _ids(path, roles.programme_ids)


def consultant_at(roles: Roles, path: str = "") -> Q:
    return _ids(path, roles.partner_ids)


def company_user_of(roles: Roles, path: str = "") -> Q:
    return _ids(path, roles.company_ids)


def memberships(roles: Roles) -> dict[str, Q]:
    """The organisations the user belongs to, by kind, with only the kinds they hold."""
    held = {
        "municipality": officer_of(roles),
        "programme": coordinator_of(roles),
        "partner": consultant_at(roles),
        "company": company_user_of(roles),
    }
    return {kind: condition for kind, condition in held.items() if condition is not NOTHING}


def has_any_role(user) -> bool:
    roles = roles_of(user)
    return roles.is_admin or bool(memberships(roles))


# Reach: which rows a user may read ---------------------------------------------------------


def partnership_reach(roles: Roles, user=None, path: str = "") -> Q:
    """Officers: their municipalities'; coordinators: their programmes'; company users: their
    company's; the consultant (pass `user`) those assigned to them. Without `user` the
    consultant's assignments are left out (action plans are not theirs to read)."""
    if roles.is_admin:
        return EVERYTHING
    assigned = (
        Q(**{f"{path}consultant": user}) if user is not None and user.is_authenticated else NOTHING
    )
    return _any(
        assigned,
        _ids(f"{path}municipality_", roles.municipality_ids),
        _ids(f"{path}programme_", roles.programme_ids),
        _ids(f"{path}company_", roles.company_ids),
    )


def partnership_edit_reach(roles: Roles, path: str = "") -> Q:
    """Partnerships whose steps the user records: their municipalities' (see
    `may_edit_partnership`)."""
    if roles.is_admin:
        return EVERYTHING
    return _ids(f"{path}municipality_", roles.municipality_ids)


def plan_keeping_reach(roles: Roles, path: str = "") -> Q:
    """Partnerships whose action plan the user keeps (see `may_keep_plan`)."""
    if roles.is_admin:
        return EVERYTHING
    return _any(
        _ids(f"{path}municipality_", roles.municipality_ids),
        _ids(f"{path}company_", roles.company_ids),
    )


def meeting_reach(roles: Roles, path: str = "") -> Q:
    """Information meetings: officers of the municipality, coordinators of the programme."""
    if roles.is_admin:
        return EVERYTHING
    return _any(
        _ids(f"{path}municipality_", roles.municipality_ids),
        _ids(f"{path}programme_", roles.programme_ids),
    )


def municipality_reach(roles: Roles, path: str = "") -> Q:
    """Officers their own, coordinators those of their programmes."""
    if roles.is_admin:
        return EVERYTHING
    return _ids(path, roles.readable_municipality_ids)


def municipality_edit_reach(roles: Roles, path: str = "") -> Q:
    """Where the user adds companies and contacts; today the same as what they read."""
    if roles.is_admin:
        return EVERYTHING
    return _ids(path, roles.readable_municipality_ids)


def in_municipality_edit_reach(roles: Roles, municipality_id: int) -> bool:
    """Whether the municipality is in `municipality_edit_reach`."""
    return roles.is_admin or municipality_id in roles.readable_municipality_ids


def own_municipality_reach(roles: Roles, path: str = "") -> Q:
    """Where the user works as an officer (start partnerships, hold meetings)."""
    if roles.is_admin:
        return EVERYTHING
    return officer_of(roles, path)


def programme_reach(roles: Roles, path: str = "") -> Q:
    """Coordinators their programmes, officers the programmes their municipalities are in.
    The condition crosses a to-many relation: select distinct, or use it in a subquery."""
    if roles.is_admin:
        return EVERYTHING
    return _any(
        _ids(path, roles.programme_ids),
        Q(**{f"{path}municipalities__in": roles.municipality_ids})
        if roles.municipality_ids
        else NOTHING,
    )


def programme_edit_reach(roles: Roles, path: str = "") -> Q:
    """Programmes whose settings, templates and factor sets the user keeps."""
    if roles.is_admin:
        return EVERYTHING
    return coordinator_of(roles, path)


def company_reach(roles: Roles, portfolio: QuerySet[Any], path: str = "") -> Q:
    """Company users their company; officers and coordinators the companies in the portfolio
    of a municipality they read. `portfolio` is the portfolio entries' queryset."""
    if roles.is_admin:
        return EVERYTHING
    in_portfolio = (
        Q(
            **{
                f"{path}id__in": portfolio.filter(
                    municipality_id__in=roles.readable_municipality_ids
                ).values("company_id")
            }
        )
        if roles.readable_municipality_ids
        else NOTHING
    )
    return _any(company_user_of(roles, path), in_portfolio)


def _sharing_municipalities(
    ids: frozenset[int], portfolio: QuerySet[Any], companies: QuerySet[Any], path: str
) -> Q:
    """Companies that one of the municipalities registered or is in partnership with."""
    if not ids:
        return NOTHING
    registered = portfolio.filter(municipality_id__in=ids, adopted=False).values("company_id")
    partnered = companies.filter(partnerships__municipality_id__in=ids).values("id")
    return Q(**{f"{path}id__in": registered}) | Q(**{f"{path}id__in": partnered})


def company_data_reach(
    roles: Roles, portfolio: QuerySet[Any], companies: QuerySet[Any], path: str = ""
) -> Q:
    """Companies whose own data (consumption, evidence) the user reads: the company's users;
    officers and coordinators of a municipality that registered it or works with it in a
    partnership. `portfolio` is the portfolio entries' queryset, `companies` the companies'."""
    if roles.is_admin:
        return EVERYTHING
    return _any(
        company_user_of(roles, path),
        _sharing_municipalities(roles.readable_municipality_ids, portfolio, companies, path),
    )


def register_edit_reach(
    roles: Roles, portfolio: QuerySet[Any], companies: QuerySet[Any], path: str = ""
) -> Q:
    """Companies whose register data (name, address, industry) the user changes: officers
    and coordinators of a municipality that registered it or works with it in a partnership;
    an adopting municipality reads it only."""
    if roles.is_admin:
        return EVERYTHING
    if not roles.manages_companies:
        return NOTHING
    return _sharing_municipalities(roles.readable_municipality_ids, portfolio, companies, path)


def contact_reach(roles: Roles, company_id: int, path: str = "") -> Q:
    """A company's contact persons: a municipality's stay with it; the company's own users
    see all of theirs."""
    if roles.is_admin or company_id in roles.company_ids:
        return EVERYTHING
    return _ids(f"{path}municipality_", roles.readable_municipality_ids)


def template_reach(roles: Roles, path: str = "") -> Q:
    """Agreement templates: those who manage companies see the defaults and those of the
    municipalities they read."""
    if roles.is_admin:
        return EVERYTHING
    if not roles.manages_companies:
        return NOTHING
    return Q(**{f"{path}municipality__isnull": True}) | _ids(
        f"{path}municipality_", roles.readable_municipality_ids
    )


def guide_reach(roles: Roles, programmes: QuerySet[Any], path: str = "") -> Q:
    """The guide library: coordinators everything of their programmes; officers the
    programme guides of the programmes their municipalities are in, and their own
    municipalities' versions. `programmes` is the programmes' queryset."""
    if roles.is_admin:
        return EVERYTHING
    programme_guides = (
        Q(
            **{
                f"{path}municipality__isnull": True,
                f"{path}programme_id__in": programmes.filter(
                    municipalities__in=roles.municipality_ids
                ).values("id"),
            }
        )
        if roles.municipality_ids
        else NOTHING
    )
    return _any(
        _ids(f"{path}programme_", roles.programme_ids),
        programme_guides,
        _ids(f"{path}municipality_", roles.municipality_ids),
    )


# The guide kinds (guides.kinds.GuideKind values) each role reads through a partnership.
COMPANY_GUIDE_KINDS = frozenset({"action_plan", "follow_up", "model"})
CONSULTANT_GUIDE_KINDS = frozenset({"screening", "screening_report", "model"})


def factor_set_reach(roles: Roles, programmes: QuerySet[Any], path: str = "") -> Q:
    """Everyone with a role reads the published reference sets and the published sets of
    the programmes they read; coordinators also their programmes' drafts. `programmes` is
    the programmes' queryset."""
    if roles.is_admin:
        return EVERYTHING
    if not memberships(roles):
        return NOTHING
    programme_read = programme_reach(roles)
    shared = Q(**{f"{path}programme__isnull": True})
    if programme_read is not NOTHING:
        read = programmes.filter(programme_read).values("id")
        shared |= Q(**{f"{path}programme_id__in": read})
    published = Q(**{f"{path}is_published": True}) & shared
    return _any(published, _ids(f"{path}programme_", roles.programme_ids))


def dashboard_reach(roles: Roles, programme_id: int, path: str = "") -> Q:
    """Within a programme's dashboard, which municipalities (path leads to one) count:
    all for its coordinators, the officer's own otherwise."""
    if roles.is_admin or programme_id in roles.programme_ids:
        return EVERYTHING
    return officer_of(roles, path)


def dashboard_reach_key(roles: Roles, programme_id: int) -> str:
    """The same text for every user whose `dashboard_reach` in the programme is the same, so
    that they share one cached dashboard; different reaches never share one."""
    if roles.is_admin or programme_id in roles.programme_ids:
        return "everything"
    return "municipalities:" + ",".join(map(str, sorted(roles.municipality_ids)))


def pipeline_reach_key(user) -> str:
    """The same text while `partnership_reach(roles, user=user)` and the pipeline's filter
    choices stay the same, for the cached pipeline. It names the user, since their
    consultant assignments widen the reach whatever their roles, and every role, so that a
    membership added or removed reaches the page at once."""
    roles = roles_of(user)
    if roles.is_admin:
        return "everything"

    def ids(values: frozenset[int]) -> str:
        return ",".join(map(str, sorted(values)))

    return (
        f"user:{user.pk};municipalities:{ids(roles.municipality_ids)};"
        f"programmes:{ids(roles.programme_ids)};"
        f"programme-municipalities:{ids(roles.programme_municipality_ids)};"
        f"companies:{ids(roles.company_ids)}"
    )


# Predicates: may this user do this ------------------------------------------------------


def reaches_everything(user) -> bool:
    """Administrators: lists offer what is in use rather than every tenant there is."""
    return roles_of(user).is_admin


def may_edit_partnership(user, partnership) -> bool:
    """Officers of the partnership's municipality (and administrators) record its steps."""
    roles = roles_of(user)
    return roles.is_admin or partnership.municipality_id in roles.municipality_ids


def may_sign_for_company(user, partnership) -> bool:
    return partnership.company_id in roles_of(user).company_ids


def may_keep_plan(user, partnership) -> bool:
    """Officers of the municipality and the company's users keep the plan."""
    roles = roles_of(user)
    return (
        roles.is_admin
        or partnership.municipality_id in roles.municipality_ids
        or partnership.company_id in roles.company_ids
    )


def may_read_plan(user, partnership) -> bool:
    """For a partnership the user reads: whether its action plan is among theirs too (the
    plans' reach is `partnership_reach` without the consultant's assignment)."""
    roles = roles_of(user)
    return (
        roles.is_admin
        or partnership.municipality_id in roles.municipality_ids
        or partnership.programme_id in roles.programme_ids
        or partnership.company_id in roles.company_ids
    )


def may_write_review(user, partnership) -> bool:
    """Only the assigned consultant (and administrators) write the technical review."""
    if user is None or not user.is_authenticated:
        return False
    return roles_of(user).is_admin or partnership.consultant_id == user.id


def may_read_pipeline(user) -> bool:
    roles = roles_of(user)
    return roles.is_officer or roles.is_coordinator or roles.is_admin


def may_see_dashboards(user) -> bool:
    roles = roles_of(user)
    return roles.is_admin or roles.is_officer or roles.is_coordinator


def may_start_partnership(user) -> bool:
    roles = roles_of(user)
    return roles.is_officer or roles.is_admin


def may_see_meeting_invitations(user, partnership) -> bool:
    """Who records the partnership and the programme coordinators see whom it invited."""
    return may_edit_partnership(user, partnership) or roles_of(user).is_coordinator


def may_create_meeting(user) -> bool:
    roles = roles_of(user)
    return roles.is_officer or roles.is_admin


def may_edit_meeting(user, meeting) -> bool:
    roles = roles_of(user)
    return roles.is_admin or meeting.municipality_id in roles.municipality_ids


def may_manage_users(user) -> bool:
    """The user pages are the administrators' alone."""
    return roles_of(user).is_admin


def _shares_company_data(company, municipality_ids: frozenset[int]) -> bool:
    """Whether one of the municipalities registered the company or is in partnership with it.
    Kept on the company object: a page asks it of one company several times (may the user
    edit the register data, give logins, read and write the consumption)."""
    if not municipality_ids:
        return False
    known: dict[frozenset[int], bool] = company.__dict__.setdefault("_shares_data_with", {})
    if municipality_ids not in known:
        known[municipality_ids] = bool(
            company.portfolioentry_set.filter(
                municipality_id__in=municipality_ids, adopted=False
            ).exists()
            or company.partnerships.filter(municipality_id__in=municipality_ids).exists()
        )
    return known[municipality_ids]


def may_manage_company_access(user, company) -> bool:
    """Who gives a company's staff a login (and so all the company's data): administrators,
    and officers of a municipality that registered the company or works with it in a
    partnership; adopting it is not enough."""
    roles = roles_of(user)
    if roles.is_admin:
        return True
    return _shares_company_data(company, roles.municipality_ids)


def may_edit_register_data(user, company) -> bool:
    """See `register_edit_reach`."""
    roles = roles_of(user)
    if roles.is_admin:
        return True
    return roles.manages_companies and _shares_company_data(
        company, roles.readable_municipality_ids
    )


def may_manage_companies(user) -> bool:
    """Officers and coordinators create and edit company records and agreement templates."""
    roles = roles_of(user)
    return roles.manages_companies or roles.is_admin


def may_read_municipality(user, municipality_id: int) -> bool:
    roles = roles_of(user)
    return roles.is_admin or municipality_id in roles.readable_municipality_ids


def may_edit_templates_of(user, municipality_id: int | None) -> bool:
    """A municipality's own templates; the defaults (no municipality) only administrators."""
    roles = roles_of(user)
    if roles.is_admin:
        return True
    return (
        municipality_id is not None
        and municipality_id in roles.readable_municipality_ids
        and roles.manages_companies
    )


def may_edit_guide(user, guide) -> bool:
    """A programme's own guide its coordinators; a municipality's version its officers."""
    roles = roles_of(user)
    if roles.is_admin:
        return True
    if guide.municipality_id is None:
        return guide.programme_id in roles.programme_ids
    return guide.municipality_id in roles.municipality_ids


def may_adopt_guide(user) -> bool:
    """Officers write their municipalities' own versions of a programme's guide."""
    roles = roles_of(user)
    return roles.is_admin or roles.is_officer


def may_read_guide_library(user) -> bool:
    roles = roles_of(user)
    return roles.is_admin or roles.is_officer or roles.is_coordinator


def may_read_partnership_guide(user, partnership, kind: str) -> bool:
    """Through a partnership the user already reaches: those who record or oversee it read
    every guide; its company's users the plan template and follow-up guidance; its assigned
    consultant the screening and report guidelines."""
    roles = roles_of(user)
    if (
        roles.is_admin
        or partnership.municipality_id in roles.readable_municipality_ids
        or partnership.programme_id in roles.programme_ids
    ):
        return True
    if partnership.company_id in roles.company_ids and kind in COMPANY_GUIDE_KINDS:
        return True
    return (
        user.is_authenticated
        and partnership.consultant_id == user.id
        and kind in CONSULTANT_GUIDE_KINDS
    )


def may_edit_programme(user, programme) -> bool:
    roles = roles_of(user)
    return roles.is_admin or programme.id in roles.programme_ids


def may_manage_factor_sets(user) -> bool:
    roles = roles_of(user)
    return roles.is_admin or roles.is_coordinator


def may_edit_factor_set(user, factor_set) -> bool:
    """A programme's set its coordinators; a reference set (no programme) administrators."""
    roles = roles_of(user)
    if roles.is_admin:
        return True
    return factor_set.programme_id is not None and factor_set.programme_id in roles.programme_ids


def may_keep_reference_factor_sets(user) -> bool:
    return roles_of(user).is_admin


def may_import_degree_days(user) -> bool:
    roles = roles_of(user)
    return roles.is_admin or roles.is_coordinator


def may_enter_consumption(user) -> bool:
    """Whether the user enters consumption for some company (see `may_write_consumption`)."""
    roles = roles_of(user)
    return roles.is_admin or roles.is_officer or roles.is_company_user


def may_read_company_data(user, company) -> bool:
    """Whether `company` is in the user's `company_data_reach`."""
    roles = roles_of(user)
    if roles.is_admin or company.id in roles.company_ids:
        return True
    return _shares_company_data(company, roles.readable_municipality_ids)


def may_write_consumption(user, company) -> bool:
    """The company's own users and the officers of a municipality that registered the
    company or works with it in a partnership (see `company_data_edit_reach`); coordinators
    read."""
    roles = roles_of(user)
    if roles.is_admin or company.id in roles.company_ids:
        return True
    return _shares_company_data(company, roles.municipality_ids)


def may_read_weather(user) -> bool:
    """Weather series are public data of method, read by every staff role; a company user
    sees the figures made from them on the partnership's result instead."""
    roles = roles_of(user)
    return roles.is_admin or roles.is_officer or roles.is_coordinator or roles.is_consultant


def may_keep_weather(user) -> bool:
    """Officers choose the series their agreements use and coordinators keep the method
    data, so both add series and import temperatures; consultants read."""
    roles = roles_of(user)
    return roles.is_admin or roles.is_officer or roles.is_coordinator
