"""Figures for the company list and the CVR rule: `make bench` (python -m carbon20.home.bench).

Builds a throw-away test database with 1,000 demo-style companies spread over the seven
Carbon 20 municipalities, then measures the company list as a logged-in officer and
coordinator would load it. Prints figures; it asserts no timing, since those depend on the
machine. Django is set up inside `main`, so the project's modules are imported there.
"""

import contextlib
import logging
import os
import statistics
import sys
import time
import warnings

N_COMPANIES = 1_000
N_REQUESTS = 100
N_CVR = 200_000


def _configure() -> None:
    # The bench runs on its own test database; these defaults let it run outside `make`.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("CARBON20_DEMO", "true")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    import django

    django.setup()


def _populate():
    from datetime import date

    from carbon20.accounts.models import Membership, Role, User
    from carbon20.core.demo import demo_cvrs
    from carbon20.organisations.demo import CARBON20_MUNICIPALITY_CODES, COMPANIES
    from carbon20.organisations.models import Company, Municipality, PortfolioEntry, Programme, Site

    municipalities = list(
        Municipality.objects.filter(code__in=CARBON20_MUNICIPALITY_CODES.values()).order_by("code")
    )
    programme = Programme.objects.create(
        name="Carbon 20 (bench)",
        slug="carbon-20-bench",
        start_date=date(2011, 1, 1),
        end_date=date(2013, 12, 31),
    )
    programme.municipalities.set(municipalities)
    companies = []
    for index, cvr in enumerate(demo_cvrs(N_COMPANIES)):
        name, code, industry, band, _slug, street, postcode, city = COMPANIES[
            index % len(COMPANIES)
        ]
        companies.append(
            Company(
                cvr=cvr,
                name=f"{name.rsplit(' ', 1)[0]} {index:04d} {name.rsplit(' ', 1)[-1]}",
                address=street,
                postcode=postcode,
                city=city,
                municipality=municipalities[index % len(municipalities)],
                industry_code=code,
                industry_text=industry,
                employee_band=band,
            )
        )
    Company.objects.bulk_create(companies, batch_size=500)
    companies = list(Company.objects.order_by("cvr"))
    PortfolioEntry.objects.bulk_create(
        [PortfolioEntry(company=c, municipality_id=c.municipality_id) for c in companies],
        batch_size=500,
    )
    Site.objects.bulk_create(
        [
            Site(
                company=c,
                p_number=f"98{index:08d}",
                address=c.address,
                postcode=c.postcode,
                city=c.city,
                municipality_id=c.municipality_id,
            )
            for index, c in enumerate(companies)
        ],
        batch_size=500,
    )
    officer = User.objects.create_user("officer@bench.test", "bench-password")
    Membership.objects.create(user=officer, role=Role.OFFICER, municipality=municipalities[0])
    coordinator = User.objects.create_user("coordinator@bench.test", "bench-password")
    Membership.objects.create(user=coordinator, role=Role.COORDINATOR, programme=programme)
    return officer, coordinator


def _measure_list(user, params: dict) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    _give_second_factor(client, user)
    url = reverse("organisations:company_list")
    client.get(url, params)  # warm caches (templates, translations, content types)
    times, queries = [], []
    for _ in range(N_REQUESTS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, params)
            times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"The company list answered {response.status_code}.")
        queries.append(len(captured))
    return {
        "visible": response.context["page"].paginator.count,
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": statistics.quantiles(times, n=20)[-1] * 1000,
        "queries": sorted(set(queries)),
    }


def _cvr_validations_per_second() -> float:
    from django.core.exceptions import ValidationError

    from carbon20.core.validators import validate_cvr

    # Every eleventh-ish number passes; the rest fail on the checksum, as typos would.
    candidates = [f"{n:08d}" for n in range(10_000_000, 10_000_000 + N_CVR)]
    started = time.perf_counter()
    for candidate in candidates:
        with contextlib.suppress(ValidationError):
            validate_cvr(candidate)
    return N_CVR / (time.perf_counter() - started)


def main() -> int:
    _configure()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import (
        override_settings,
        setup_test_environment,
        teardown_test_environment,
    )

    # Login and request logs would drown the figures; WhiteNoise warns of the unbuilt
    # static folder, which the bench does not need.
    logging.disable(logging.INFO)
    warnings.filterwarnings("ignore", message="No directory at")
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    # Pages are rendered without collectstatic, as in the tests: no manifest to look up.
    plain_static = override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    )
    plain_static.enable()
    try:
        started = time.perf_counter()
        officer, coordinator = _populate()
        print(f"Carbon 20 bench on {connection.vendor}, Python {sys.version.split()[0]}")
        print(f"  {N_COMPANIES} companies created in {time.perf_counter() - started:.1f} s")
        print(f"  company list, {N_REQUESTS} requests each (test client, logged in):")
        for label, user, params in [
            ("officer, first page", officer, {}),
            ("officer, search 'Bageri'", officer, {"q": "Bageri"}),
            ("coordinator, first page", coordinator, {}),
            ("coordinator, page 20", coordinator, {"page": "20"}),
        ]:
            figures = _measure_list(user, params)
            print(
                f"    {label:<28} {figures['visible']:>5} visible  "
                f"median {figures['median_ms']:6.1f} ms  p95 {figures['p95_ms']:6.1f} ms  "
                f"queries/request {', '.join(map(str, figures['queries']))}"
            )
        print(f"  CVR validations per second: {_cvr_validations_per_second():,.0f}")
        from carbon20.energy import bench_savings

        bench_savings.main()
        from carbon20.energy import bench_meterdata

        print("\n".join(bench_meterdata.run()))
    finally:
        plain_static.disable()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    return 0


def _give_second_factor(client, user) -> None:
    """The benchmark measures the page, not the login: its session carries the second factor
    the code page would have recorded."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="benchmark", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


if __name__ == "__main__":
    sys.exit(main())
