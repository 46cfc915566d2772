"""Client of Energi Data Service (Energinet): the hourly CO2e intensity of electricity in each
price area, dataset ``DeclarationGridEmission``.

``GET {base}/dataset/DeclarationGridEmission?start=…&end=…&filter={"PriceArea":["DK1","DK2"]}
&sort=HourUTC asc&timezone=UTC&limit=0`` answers ``{"total": n, "filters": …, "dataset": …,
"records": [...]}``; each record has ``HourUTC`` and ``HourDK`` (ISO without offset),
``PriceArea`` (DK1, DK2), ``FuelAllocationMethod`` (``125%`` or ``200%``: how combined heat and
power plants split their fuel between power and heat) and ``CO2PerkWh`` in g/kWh, beside
other emissions the platform does not use. The service needs no key; it is slow for long
periods, so the nightly task asks for the last days only.

This module knows no app: it returns plain dataclasses for the energy app to store.
"""

import csv
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx

DATASET = "DeclarationGridEmission"
SOURCE_URL = "https://www.energidataservice.dk/tso-electricity/DeclarationGridEmission"
PRICE_AREAS = ("DK1", "DK2")
METHODS = ("125%", "200%")


class EnergiDataServiceError(Exception):
    """The service answered something the client cannot use."""


class ServiceUnavailable(EnergiDataServiceError):
    """A timeout, too many requests or a server error: worth trying again later."""


@dataclass(frozen=True)
class GridEmissionHour:
    hour_utc: datetime
    price_area: str
    method: str
    co2_g_per_kwh: Decimal | None


def _hour(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_records(records: list[dict[str, Any]]) -> list[GridEmissionHour]:
    hours = []
    for record in records:
        try:
            value = record.get("CO2PerkWh")
            hours.append(
                GridEmissionHour(
                    hour_utc=_hour(str(record["HourUTC"])),
                    price_area=str(record["PriceArea"]),
                    method=str(record["FuelAllocationMethod"]),
                    co2_g_per_kwh=None if value is None else Decimal(str(value)),
                )
            )
        except (KeyError, ValueError, InvalidOperation) as exc:
            raise EnergiDataServiceError(f"A record cannot be read: {record!r}.") from exc
    return hours


class EnergiDataServiceClient:
    def __init__(
        self, *, base_url: str, timeout: float, transport: httpx.BaseTransport | None = None
    ) -> None:
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            timeout=timeout,
            transport=transport,
            headers={"Accept": "application/json"},
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "EnergiDataServiceClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def grid_emissions(
        self, start: datetime, end: datetime, price_areas: tuple[str, ...] = PRICE_AREAS
    ) -> list[GridEmissionHour]:
        """Every hour of [start, end) (UTC) in the price areas, under each allocation method."""
        params = {
            "start": start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M"),
            "end": end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M"),
            "filter": json.dumps({"PriceArea": list(price_areas)}, separators=(",", ":")),
            "columns": "HourUTC,HourDK,PriceArea,FuelAllocationMethod,CO2PerkWh",
            "sort": "HourUTC asc",
            "timezone": "UTC",
            "limit": "0",
        }
        try:
            response = self._http.get(f"/dataset/{DATASET}", params=params)
        except httpx.TimeoutException as exc:
            raise ServiceUnavailable("Energi Data Service did not answer in time.") from exc
        except httpx.TransportError as exc:
            raise ServiceUnavailable(f"Energi Data Service could not be reached ({exc}).") from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise ServiceUnavailable(f"Energi Data Service answered {response.status_code}.")
        if response.status_code != 200:
            raise EnergiDataServiceError(f"Energi Data Service answered {response.status_code}.")
        try:
            answer = response.json()
        except ValueError as exc:
            raise EnergiDataServiceError("Energi Data Service's answer is not JSON.") from exc
        records = answer.get("records") if isinstance(answer, dict) else None
        if not isinstance(records, list):
            raise EnergiDataServiceError("Energi Data Service's answer has no records.")
        return parse_records(records)


def read_hourly_csv(text: str, *, price_area: str, method: str) -> list[GridEmissionHour]:
    """Hourly intensities from a CSV: Energi Data Service's own download (``HourUTC``,
    ``PriceArea``, ``FuelAllocationMethod``, ``CO2PerkWh``) or a two-column extract
    (``HourUTC``, ``CarbonIntensity kg/MWh``) of one area and method, which the arguments name.
    An empty value is a missing hour."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines:
        raise EnergiDataServiceError("The file is empty.")
    delimiter = ";" if ";" in lines[0] else ","
    reader = csv.DictReader(lines, delimiter=delimiter)
    fields = reader.fieldnames or []
    value_column = next((c for c in ("CO2PerkWh", "CarbonIntensity kg/MWh") if c in fields), None)
    if "HourUTC" not in fields or value_column is None:
        raise EnergiDataServiceError("The file needs the columns HourUTC and CO2PerkWh.")
    hours = []
    for number, row in enumerate(reader, 2):
        value = (row.get(value_column) or "").strip().replace(",", ".")
        try:
            hours.append(
                GridEmissionHour(
                    hour_utc=_hour(row["HourUTC"].strip().replace(" ", "T")),
                    price_area=(row.get("PriceArea") or price_area).strip(),
                    method=(row.get("FuelAllocationMethod") or method).strip(),
                    co2_g_per_kwh=Decimal(value) if value else None,
                )
            )
        except (ValueError, InvalidOperation) as exc:
            raise EnergiDataServiceError(f"Line {number} cannot be read: {exc}.") from exc
    return hours
