"""DMI's open climate data: daily (or monthly) mean temperature and heating degree days.

The service is an OGC API Features endpoint (https://opendatadocs.dmi.govcloud.dk/APIs/
Climate_Data_API): ``{base}/municipalityValue/items`` and ``{base}/stationValue/items`` answer a
GeoJSON ``FeatureCollection`` whose features carry ``properties`` ``from``, ``to`` (RFC 3339),
``value``, ``parameterId``, ``timeResolution``, ``calculatedAt`` and ``municipalityId`` or
``stationId``. A page holds at most ``limit`` features; the link with ``rel`` "next" leads to
the rest. The key goes in the ``api-key`` query parameter.

Parameters used here: ``mean_temp`` (°C) and ``acc_heating_degree_days_17`` (graddage, base
17 °C), at ``timeResolution`` ``day`` or ``month``. A day in DMI's answers runs from local
midnight, written in UTC (``2024-01-01T00:00:00+01:00`` or ``2023-12-31T23:00:00Z``), so the
date is read in Danish time.

The client returns plain dataclasses; the energy app stores them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

import httpx

DANISH_TIME = ZoneInfo("Europe/Copenhagen")
PAGE_LIMIT = 10000
TIMEOUT_SECONDS = 30.0
MEAN_TEMPERATURE = "mean_temp"
HEATING_DEGREE_DAYS = "acc_heating_degree_days_17"


class Area(enum.StrEnum):
    """Where a series is measured: a municipality (DMI's four-digit code, e.g. "0751" for
    Aarhus) or a station (DMI's station id, e.g. "06074")."""

    MUNICIPALITY = "municipality"
    STATION = "station"

    @property
    def collection(self) -> str:
        return f"{self.value}Value"

    @property
    def id_parameter(self) -> str:
        return f"{self.value}Id"


class Resolution(enum.StrEnum):
    DAY = "day"
    MONTH = "month"


class DmiError(Exception):
    """DMI answered something other than climate data (a refused key, a broken page)."""


class DmiNotConfigured(DmiError):
    """No API key: nothing is fetched."""


class DmiTimeout(DmiError):
    """DMI did not answer in time; the task tries again later."""


@dataclass(frozen=True)
class ClimateValue:
    """One value of one parameter over one period (a day or a month), in Danish dates."""

    parameter: str
    resolution: str
    first_day: date
    last_day: date
    value: Decimal
    calculated_at: str


def _local_date(text: str) -> date:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(DANISH_TIME).date()


def parse_feature(feature: Mapping[str, Any]) -> ClimateValue:
    try:
        properties = feature["properties"]
        start = _local_date(properties["from"])
        # `to` is the exclusive end (the next midnight); the period's last day is the one before.
        end = _local_date(properties["to"])
        last_day = date.fromordinal(max(start.toordinal(), end.toordinal() - 1))
        return ClimateValue(
            parameter=str(properties["parameterId"]),
            resolution=str(properties["timeResolution"]),
            first_day=start,
            last_day=last_day,
            value=Decimal(str(properties["value"])),
            calculated_at=str(properties.get("calculatedAt", "")),
        )
    except (KeyError, TypeError, ValueError, InvalidOperation) as error:
        raise DmiError(f"A feature of DMI's answer cannot be read: {error!r}") from error


def parse_page(data: Mapping[str, Any]) -> tuple[list[ClimateValue], str | None]:
    """The values of one answer page and the address of the next page, if any."""
    if data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise DmiError("DMI's answer is not a GeoJSON FeatureCollection.")
    values = [parse_feature(feature) for feature in data["features"]]
    next_url = next(
        (link.get("href") for link in data.get("links", []) if link.get("rel") == "next"), None
    )
    # An empty page may still link onwards; an empty page ends the walk so it cannot loop.
    return values, (next_url if values else None)


@dataclass(frozen=True)
class DmiClient:
    api_key: str
    base_url: str
    transport: httpx.BaseTransport | None = None
    timeout: float = TIMEOUT_SECONDS

    def _pages(self, url: str, params: dict[str, str]) -> Iterator[list[ClimateValue]]:
        if not self.api_key:
            raise DmiNotConfigured("DMI_API_KEY is not set.")
        headers = {"Accept": "application/geo+json"}
        seen: set[str] = set()
        with httpx.Client(transport=self.transport, timeout=self.timeout) as client:
            request = client.build_request(
                "GET", url, params={**params, "api-key": self.api_key}, headers=headers
            )
            while True:
                seen.add(str(request.url))
                try:
                    response = client.send(request)
                except httpx.TimeoutException as error:
                    raise DmiTimeout(str(error) or "timeout") from error
                except httpx.HTTPError as error:
                    raise DmiError(str(error)) from error
                if response.status_code != 200:
                    raise DmiError(f"DMI answered {response.status_code}: {response.text[:200]}")
                try:
                    data = response.json()
                except ValueError as error:
                    raise DmiError("DMI's answer is not JSON.") from error
                values, next_url = parse_page(data)
                yield values
                if next_url is None:
                    return
                # The next link carries the whole query; the key is added where it lacks it.
                next_request = httpx.URL(next_url)
                if "api-key" not in next_request.params:
                    next_request = next_request.copy_add_param("api-key", self.api_key)
                if str(next_request) in seen:
                    raise DmiError("DMI's next link leads back to a page already read.")
                request = client.build_request("GET", next_request, headers=headers)

    def fetch(
        self,
        *,
        area: Area,
        code: str,
        parameter: str,
        resolution: Resolution,
        first_day: date,
        last_day: date,
    ) -> list[ClimateValue]:
        """Every value of one parameter for one municipality or station over the days."""
        end = date.fromordinal(last_day.toordinal() + 1)
        params = {
            area.id_parameter: code,
            "parameterId": parameter,
            "timeResolution": resolution.value,
            "datetime": f"{first_day.isoformat()}T00:00:00+00:00/{end.isoformat()}T00:00:00+00:00",
            "limit": str(PAGE_LIMIT),
        }
        url = f"{self.base_url.rstrip('/')}/{area.collection}/items"
        values: list[ClimateValue] = []
        for page in self._pages(url, params):
            values.extend(page)
        return [v for v in values if first_day <= v.first_day <= last_day]
