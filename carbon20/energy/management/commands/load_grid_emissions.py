from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carbon20.energy import meter_services
from carbon20.integrations import energidataservice


class Command(BaseCommand):
    help = (
        "Load Energinet's hourly CO2 of electricity (DeclarationGridEmission) from a CSV file; "
        "without a file, the bundled DK2 125 % year 2025. Loading again replaces the same hours."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(meter_services.BUNDLED_GRID_EMISSIONS))
        parser.add_argument("--price-area", default="DK2", choices=["DK1", "DK2"])
        parser.add_argument("--method", default="125%", choices=["125%", "200%"])
        parser.add_argument(
            "--derive-year",
            type=int,
            action="append",
            default=[],
            help="Also make the year's reference factor set of the mean intensity.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        try:
            hours, days = meter_services.load_grid_emission_file(
                path, price_area=options["price_area"], method=options["method"]
            )
        except energidataservice.EnergiDataServiceError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{hours} hours stored as {days} days.")
        for year in options["derive_year"]:
            factor_set = meter_services.derive_yearly_factor_set(
                year=year, price_area=options["price_area"], method=options["method"]
            )
            factor = factor_set.factors.get()
            self.stdout.write(f"{factor_set}: {factor.kg_co2e_per_unit} kg CO2e/kWh.")
