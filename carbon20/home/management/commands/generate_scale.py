"""Fill an empty demo database with national-scale data: `carbon20.home.scale`."""

import time

from django.core.management.base import BaseCommand, CommandError

from carbon20.home import scale


class Command(BaseCommand):
    help = (
        "Generate national-scale demo data (municipalities, companies, partnerships at every "
        "step, five years of monthly consumption) into an empty database in demo mode."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=int, default=98)
        parser.add_argument("--companies", type=int, default=20_000)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--seed", type=int, default=20)
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Succeed without change when the scale data set is already there.",
        )

    def handle(self, *args, **options):
        if options["reuse"] and scale.existing_programme(scale.Spec()) is not None:
            self.stdout.write("The scale data set is already generated; nothing changed.")
            return
        if not 1 <= options["municipalities"] <= 98 or options["companies"] < 1:
            raise CommandError("Give 1–98 municipalities and at least one company.")
        spec = scale.Spec(
            municipalities=options["municipalities"],
            companies=options["companies"],
            years=options["years"],
            seed=options["seed"],
        )
        started = time.perf_counter()
        try:
            summary = scale.generate(spec, log=self.stdout.write)
        except scale.RefusedError as error:
            raise CommandError(str(error)) from error
        for label, number in summary.counts.items():
            self.stdout.write(f"  {number:>10,} {label}")
        self.stdout.write(
            self.style.SUCCESS(f"Generated in {time.perf_counter() - started:.0f} s.")
        )
