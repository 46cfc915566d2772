"""Measured savings from CSV files, for scripts and acceptance checks.

    python manage.py estimate_savings --consumption C.csv --temperature T.csv \
        [--production P.csv] --baseline 2022-01-01:2022-12-31 \
        --reporting 2024-01-01:2024-12-31 --json

Exit status 0 with the estimate; 1 when the data do not suffice (`sufficient: false` and the
`reasons`) or a file cannot be read (each bad row named on stderr and, with --json, as the
`reasons` of a `sufficient: false` object on stdout). It touches no database and needs no
environment: manage.py gives it throw-away settings (see manage.py). It speaks English.
"""

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from carbon20.core.imports import parse_date
from carbon20.energy.calc.savings import SavingsEstimate, estimate_savings
from carbon20.energy.savings_files import InputFileError, read_readings, read_temperatures


def _window(text: str) -> tuple[date, date]:
    parts = text.split(":")
    if len(parts) != 2:
        raise ValueError(
            _("“%(value)s” is not a period; write first:last, e.g. 2022-01-01:2022-12-31.")
            % {"value": text}
        )
    return parse_date(parts[0]), parse_date(parts[1])


def _figure(value: float | None, decimals: int = 1) -> str:
    return "–" if value is None else f"{value:,.{decimals}f}"


class Command(BaseCommand):
    help = "Estimate measured savings (IPMVP option C) from consumption and temperature files."
    # No database and no system checks: it must run in a checkout with no environment.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--consumption", required=True, type=Path)
        parser.add_argument("--temperature", required=True, type=Path)
        parser.add_argument("--production", type=Path)
        parser.add_argument("--baseline", required=True, help="first:last day, ISO dates")
        parser.add_argument("--reporting", required=True, help="first:last day, ISO dates")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("en")
        try:
            estimate = self._estimate(options)
        except (InputFileError, ValueError) as exc:
            problems = exc.problems if isinstance(exc, InputFileError) else [str(exc)]
            if options["json"]:
                self._print_json({"sufficient": False, "reasons": problems, "error": "input"})
            raise CommandError("\n".join(problems), returncode=1) from exc
        if options["json"]:
            self._print_json(estimate.as_dict())
        else:
            self._print_summary(estimate)
        if not estimate.sufficient:
            sys.exit(1)

    def _estimate(self, options: dict[str, Any]) -> SavingsEstimate:
        problems: list[str] = []
        windows: dict[str, tuple[date, date]] = {}
        for key in ("baseline", "reporting"):
            try:
                windows[key] = _window(options[key])
            except ValueError as exc:
                problems.append(f"--{key}: {exc}")
        files: dict[str, Any] = {}
        readers: list[tuple[str, Any]] = [
            ("consumption", read_readings),
            ("temperature", read_temperatures),
        ]
        if options["production"] is not None:
            readers.append(("production", read_readings))
        for key, reader in readers:
            try:
                files[key] = reader(options[key])
            except InputFileError as exc:
                problems += exc.problems
        if problems:
            raise InputFileError(problems)
        return estimate_savings(
            consumption=files["consumption"],
            temperatures=files["temperature"],
            production=files.get("production"),
            baseline=windows["baseline"],
            reporting=windows["reporting"],
        )

    def _print_json(self, shape: dict[str, object]) -> None:
        self.stdout.write(json.dumps(shape, ensure_ascii=False, indent=2))

    def _print_summary(self, estimate: SavingsEstimate) -> None:
        write = self.stdout.write
        if not estimate.sufficient:
            write(_("The data do not suffice:"))
            for reason in estimate.reasons:
                write(f"  - {reason.message}")
        model = estimate.model
        if model is not None:
            balance = ", ".join(
                f"{label} {value:.1f} °C"
                for label, value in (
                    (_("heating balance point"), model.heating_balance_point_c),
                    (_("cooling balance point"), model.cooling_balance_point_c),
                )
                if value is not None
            )
            write(_("Model: %(kind)s %(balance)s") % {"kind": model.kind, "balance": balance})
            for name, value in model.coefficients.items():
                write(f"  {name}: {value:.6g}")
            write(
                _(
                    "R² %(r2)s, CV(RMSE) %(cv)s %%, NMBE %(nmbe)s %% "
                    "(%(n)s %(granularity)s readings)"
                )
                % {
                    "r2": _figure(model.r2, 3),
                    "cv": _figure(model.cv_rmse),
                    "nmbe": _figure(model.nmbe, 2),
                    "n": model.n,
                    "granularity": model.granularity,
                }
            )
        if estimate.sufficient:
            write(_("Predicted (adjusted baseline): %s") % _figure(estimate.predicted))
            write(_("Observed: %s") % _figure(estimate.observed))
            write(
                _("Savings: %(savings)s (%(percent)s %%) ± %(uncertainty)s at 90 %% confidence")
                % {
                    "savings": _figure(estimate.savings),
                    "percent": _figure(estimate.savings_percent, 2),
                    "uncertainty": _figure(estimate.savings_uncertainty_90),
                }
            )
            write(
                _("Fractional savings uncertainty: %(fsu68)s %% (68 %%), %(fsu90)s %% (90 %%)")
                % {
                    "fsu68": _figure(estimate.fsu_68_percent),
                    "fsu90": _figure(estimate.fsu_90_percent),
                }
            )
