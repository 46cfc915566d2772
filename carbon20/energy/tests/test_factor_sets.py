from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from carbon20.accounts.models import Role
from carbon20.agreements.pinning import pinned_factor_set_ids
from carbon20.energy import services
from carbon20.energy.models import EmissionFactor, FactorSet
from testsupport.fixtures import client_for, make_user

pytestmark = pytest.mark.django_db

FACTOR_HEADER = "Energiart;kg CO2e pr. enhed;Scope;Kilde;Note"


def factor_csv(lines):
    return SimpleUploadedFile(
        "faktorer.csv", ("\r\n".join([FACTOR_HEADER, *lines]) + "\r\n").encode("utf-8-sig")
    )


def import_data(programme, **overrides):
    data = {
        "name": "Fjernvarme Fyn varedeklaration",
        "year": "2023",
        "method": "supplier",
        "source_url": "https://www.fjernvarmefyn.dk/om-os/rapporter-og-opgoerelser/varedeklaration-og-groen-omstillingsplan/",
        "reliability": "B",
        "reliability_note": "Supplier's own declaration, 200 % method.",
        "programme": programme.pk,
    }
    data.update(overrides)
    return data


@pytest.fixture
def programme_set(programme, coordinator) -> FactorSet:
    factor_set = FactorSet.objects.create(
        name="Programmets sæt",
        year=2024,
        method="supplier",
        source_url="https://example.dk/kilde",
        reliability="B",
        programme=programme,
    )
    EmissionFactor.objects.create(
        factor_set=factor_set,
        carrier="district_heating",
        kg_co2e_per_unit=Decimal("0.05695"),
        scope=2,
        source="Fjernvarme Fyn 2023: 15.82 kg/GJ = 56.95 kg/MWh",
    )
    return factor_set


def sign_agreement_pinning(factor_set, company, officer, programme):
    """A signed agreement of the partnerships app that names the set."""
    from carbon20.agreements.models import Agreement, AgreementTemplateVersion
    from carbon20.partnerships.tests.conftest import make_partnership

    partnership = make_partnership(company, officer, programme)
    return Agreement.objects.create(
        partnership=partnership,
        version=1,
        template_version=AgreementTemplateVersion.objects.filter(
            template__municipality__isnull=True
        ).first(),
        status=Agreement.State.SIGNED,
        baseline_year=2024,
        start_date=date(2025, 1, 1),
        target_date=date(2027, 12, 31),
        company_obligations="x",
        municipality_obligations="y",
        factor_set=factor_set,
        signed_at=date(2025, 1, 1).isoformat() + "T12:00:00+00:00",
    )


def test_seeded_reference_sets_name_their_sources(db):
    sets = FactorSet.objects.filter(programme__isnull=True)
    assert sets.count() == 9
    for factor_set in sets:
        assert factor_set.is_published
        assert factor_set.source_url.startswith("http")
        assert factor_set.reliability in {"A", "B", "C"}
        for factor in factor_set.factors.all():
            assert factor.source
    hb2016 = sets.get(year=2016)
    values = {f.carrier: f.kg_co2e_per_unit for f in hb2016.factors.all()}
    assert values["electricity"] == Decimal("0.197")
    assert values["natural_gas"] == Decimal("0.204")
    assert "diesel" not in values
    proxy = sets.get(year=2023)
    assert proxy.reliability == "C"
    assert proxy.factors.get(carrier="electricity").kg_co2e_per_unit == Decimal("0.0392")
    assert sets.get(year=2015, method="energinet_200").factors.get(
        carrier="electricity"
    ).kg_co2e_per_unit == Decimal("0.233")


@pytest.mark.parametrize("user_fixture", ["officer_a", "coordinator", "consultant", "company_user"])
def test_every_role_reads_the_reference_sets(request, user_fixture, hb2016):
    client = client_for(request.getfixturevalue(user_fixture))
    response = client.get(reverse("energy:factor_set_list"))
    assert response.status_code == 200
    assert "HB2016 energimærkning" in response.text
    assert client.get(hb2016.get_absolute_url()).status_code == 200


def test_no_role_gets_404(no_role_user, hb2016):
    client = client_for(no_role_user)
    assert client.get(reverse("energy:factor_set_list")).status_code == 404
    assert client.get(hb2016.get_absolute_url()).status_code == 404


def test_drafts_are_seen_only_by_their_programme(coordinator, officer_a, programme_set):
    assert client_for(coordinator).get(programme_set.get_absolute_url()).status_code == 200
    assert client_for(officer_a).get(programme_set.get_absolute_url()).status_code == 404
    other = make_user("coord2@example.dk")
    assert client_for(other).get(programme_set.get_absolute_url()).status_code == 404


def test_coordinator_imports_a_set_as_draft_and_publishes_it(coordinator, programme):
    client = client_for(coordinator)
    upload = factor_csv(
        [
            "Fjernvarme;0,05695;2;Fjernvarme Fyn varedeklaration 2023;200 %-metoden",
            "El;0,0392;2;Energi Data Service DK2 2023;",
        ]
    )
    response = client.post(
        reverse("energy:factor_set_import"), {**import_data(programme), "file": upload}
    )
    assert response.status_code == 302
    factor_set = FactorSet.objects.get(name="Fjernvarme Fyn varedeklaration")
    assert not factor_set.is_published
    assert factor_set.programme == programme
    assert factor_set.factors.get(carrier="district_heating").kg_co2e_per_unit == Decimal("0.05695")
    response = client.post(reverse("energy:factor_set_publish", args=[factor_set.uuid]))
    assert response.status_code == 302
    factor_set.refresh_from_db()
    assert factor_set.is_published


def test_factor_import_reports_every_bad_row_and_saves_nothing(coordinator, programme):
    upload = factor_csv(
        [
            "Fjernvarme;0,05;2;Kilde;",
            "Fjernvarme;0,06;2;Kilde;",  # 3: duplicate
            "Kul;0,3;1;Kilde;",  # 4: unknown carrier
            "El;-0,1;2;Kilde;",  # 5: negative
            "Vand;0,2;4;Kilde;",  # 6: scope
            "Affald;0,2;3;;",  # 7: no source
        ]
    )
    response = client_for(coordinator).post(
        reverse("energy:factor_set_import"), {**import_data(programme), "file": upload}
    )
    assert response.status_code == 200
    problems = [(e.row, e.column) for e in response.context["report"].errors]
    assert problems == [
        (3, "Energiart"),
        (4, "Energiart"),
        (5, "kg CO2e pr. enhed"),
        (6, "Scope"),
        (7, "Kilde"),
    ]
    assert not FactorSet.objects.filter(name="Fjernvarme Fyn varedeklaration").exists()


@pytest.mark.parametrize("user_fixture", ["officer_a", "officer_b", "company_user", "consultant"])
def test_only_coordinators_import(request, user_fixture):
    client = client_for(request.getfixturevalue(user_fixture))
    assert client.get(reverse("energy:factor_set_import")).status_code == 404


def test_coordinator_cannot_change_a_reference_set(coordinator, hb2016):
    client = client_for(coordinator)
    url = reverse("energy:factor_edit", args=[hb2016.uuid, "electricity"])
    assert client.get(url).status_code == 403
    assert client.post(reverse("energy:factor_set_publish", args=[hb2016.uuid])).status_code == 403


def test_officer_cannot_change_a_programme_set(officer_a, programme_set):
    programme_set.is_published = True
    programme_set.save()
    url = reverse("energy:factor_edit", args=[programme_set.uuid, "district_heating"])
    assert client_for(officer_a).get(url).status_code == 403
    assert client_for(officer_a).post(url, {"kg_co2e_per_unit": "1"}).status_code == 403


def test_coordinator_edits_and_adds_factors_of_an_unpinned_set(coordinator, programme_set):
    client = client_for(coordinator)
    response = client.post(
        reverse("energy:factor_edit", args=[programme_set.uuid, "district_heating"]),
        {"kg_co2e_per_unit": "0,06", "scope": "2", "source": "Rettet", "note": ""},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("energy:factor_add", args=[programme_set.uuid]),
        {"carrier": "water", "kg_co2e_per_unit": "0,3", "scope": "3", "source": "Kilde"},
    )
    assert response.status_code == 302
    values = {f.carrier: f.kg_co2e_per_unit for f in programme_set.factors.all()}
    assert values == {"district_heating": Decimal("0.06"), "water": Decimal("0.3")}


def test_a_pinned_set_is_never_changed(coordinator, officer_a, company_a, programme, programme_set):
    sign_agreement_pinning(programme_set, company_a, officer_a, programme)
    assert pinned_factor_set_ids() == {programme_set.pk}
    assert programme_set.is_pinned
    client = client_for(coordinator)
    url = reverse("energy:factor_edit", args=[programme_set.uuid, "district_heating"])
    response = client.post(url, {"kg_co2e_per_unit": "9", "scope": "2", "source": "x"})
    assert response.status_code == 200
    assert "fastlåst af en underskrevet partnerskabsaftale" in response.text
    with pytest.raises(services.FactorSetLockedError):
        services.save_factor(
            factor_set=programme_set,
            carrier="district_heating",
            kg_co2e_per_unit=Decimal("9"),
            scope=2,
            source="x",
        )
    assert programme_set.factors.get().kg_co2e_per_unit == Decimal("0.05695")
    detail = client.get(programme_set.get_absolute_url())
    assert "Fastlåst" in client.get(reverse("energy:factor_set_list")).text
    assert not detail.context["can_edit"]


def test_a_pinned_set_is_revised_by_copying(
    coordinator, officer_a, company_a, programme, programme_set
):
    sign_agreement_pinning(programme_set, company_a, officer_a, programme)
    client = client_for(coordinator)
    response = client.post(
        reverse("energy:factor_set_copy", args=[programme_set.uuid]),
        {"name": "Programmets sæt", "year": "2025", "programme": programme.pk},
    )
    assert response.status_code == 302
    copy = FactorSet.objects.get(name="Programmets sæt", year=2025)
    assert not copy.is_published and not copy.is_pinned
    assert copy.factors.get().kg_co2e_per_unit == Decimal("0.05695")


def test_unsigned_agreement_does_not_pin(officer_a, company_a, programme, programme_set):
    agreement = sign_agreement_pinning(programme_set, company_a, officer_a, programme)
    agreement.status = agreement.State.DRAFT
    agreement.signed_at = None
    agreement.save()
    assert not programme_set.is_pinned


def test_publishing_an_empty_set_is_refused(coordinator, programme):
    empty = FactorSet.objects.create(
        name="Tomt",
        year=2024,
        method="other",
        source_url="https://x.dk",
        reliability="C",
        programme=programme,
    )
    client_for(coordinator).post(reverse("energy:factor_set_publish", args=[empty.uuid]))
    empty.refresh_from_db()
    assert not empty.is_published


def test_factor_set_list_query_count_is_bounded(
    coordinator, programme, django_assert_max_num_queries
):
    client = client_for(coordinator)
    client.get(reverse("energy:factor_set_list"))
    for count in (0, 10):
        for index in range(count):
            FactorSet.objects.create(
                name=f"Sæt {index}",
                year=2020,
                method="other",
                source_url="https://x.dk",
                reliability="C",
                programme=programme,
            )
        with django_assert_max_num_queries(12):
            assert client.get(reverse("energy:factor_set_list")).status_code == 200


def test_factor_template_downloads(coordinator):
    response = client_for(coordinator).get(reverse("energy:factor_template"))
    assert response.content.decode("utf-8-sig").splitlines()[0] == FACTOR_HEADER


def test_coordinator_role_is_coordinator(coordinator):
    assert coordinator.memberships.get().role == Role.COORDINATOR


def test_list_shows_every_conversion_with_its_source(officer_a):
    response = client_for(officer_a).get(reverse("energy:factor_set_list"))
    rows = response.context["conversions"]
    natural_gas = [row for row in rows if row[1] == "m³" and row[0] == "Naturgas"]
    assert natural_gas == [("Naturgas", "m³", Decimal("11"), "kWh", natural_gas[0][4])]
    assert "HB2016" in natural_gas[0][4]
    assert "Grønlands Statistik" in response.text


def test_model_choices_match_the_calculation_codes():
    from carbon20.energy.calc import carriers
    from carbon20.energy.models import Carrier, Unit

    assert set(Carrier.values) == {c.value for c in carriers.Carrier}
    assert set(Unit.values) == {u.value for u in carriers.Unit}


def test_energy_refuses_loudly_when_no_app_answers_which_sets_are_pinned(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from carbon20.energy import pinning

    monkeypatch.setattr(pinning, "_answerer", None)
    with pytest.raises(ImproperlyConfigured):
        pinning.answerer()
