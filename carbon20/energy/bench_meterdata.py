"""Figures for meter data, printed by `make bench` (called from ``carbon20.home.bench`` inside
its throw-away test database): the import of one meter-year of hourly data from an
eloverblik.dk CSV (8,760 rows through the import framework), the storage of the same year
as meter days, and a year's hourly scope 2 from the stored days. Prints; asserts no timing."""

import time
from datetime import date, timedelta

N_RUNS = 5


def _csv_year(gsrn: str, year: int) -> bytes:
    from carbon20.energy.calc import hourly

    lines = ["MålepunktsID;Fra_dato;Til_dato;Mængde;Måleenhed;Kvalitet;Type"]
    for day in hourly.days_between(date(year, 1, 1), date(year, 12, 31)):
        for start in hourly.hour_starts_utc(day):
            local = start.astimezone(hourly.COPENHAGEN)
            end = local.replace(tzinfo=None) + timedelta(hours=1)
            lines.append(
                f"{gsrn};{local:%d-%m-%Y %H:%M:%S};{end:%d-%m-%Y %H:%M:%S};3,125;KWH;Målt;Tidsserie"
            )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def run() -> list[str]:
    """On the bench's database, with its first company."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.utils import override_settings

    from carbon20.energy import meter_demo, meter_imports, meter_selectors, meter_services
    from carbon20.energy.meter_models import MeterSource
    from carbon20.organisations.models import Company

    company = Company.objects.order_by("cvr").first()

    meter_services.load_grid_emission_file(
        meter_services.BUNDLED_GRID_EMISSIONS, price_area="DK2", method="125%"
    )
    content = _csv_year("571313100000099999", meter_demo.DEMO_YEAR)
    import_times = []
    with override_settings(IMPORT_MAX_ROWS=20_000):
        for _ in range(N_RUNS):
            started = time.perf_counter()
            report = meter_imports.import_meter_file(
                company=company, upload=SimpleUploadedFile("year.csv", content)
            )
            import_times.append(time.perf_counter() - started)
    if not report.ok:
        raise SystemExit(f"The bench import failed: {report.file_error or report.errors[:3]}")
    point = meter_services.register_metering_point(
        company=company, gsrn=meter_demo.DEMO_GSRN, source=MeterSource.DEMO
    )
    year = meter_demo.synthesised_year(meter_demo.DEMO_YEAR)
    store_times = []
    for _ in range(N_RUNS):
        started = time.perf_counter()
        meter_services.store_meter_days(metering_point=point, days=year)
        store_times.append(time.perf_counter() - started)
    points = [p for p in company.metering_points.all() if p.pk == point.pk]
    scope2_times = []
    for _ in range(N_RUNS):
        started = time.perf_counter()
        comparison = meter_selectors.scope2_comparison(company, points, meter_demo.DEMO_YEAR)
        scope2_times.append(time.perf_counter() - started)
    (figure,) = comparison.hourly
    hours = figure.result.metered_hours
    return [
        f"  meter data, best of {N_RUNS}:",
        f"    import one meter-year, eloverblik.dk CSV ({report.imported} rows)"
        f"   {min(import_times) * 1000:9.1f} ms",
        f"    store one meter-year as 365 meter days (upsert)   {min(store_times) * 1000:9.1f} ms",
        f"    hourly scope 2 of a year ({hours} hours, {figure.result.kg_co2e} kg)"
        f" {min(scope2_times) * 1000:9.1f} ms",
    ]
