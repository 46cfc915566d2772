"""Client of Eloverblik's third-party API (DataHub, Energinet): authorisations, metering points
and meter data of the companies that have given the platform a power of attorney.

The flow the API documents (swagger of ``/thirdpartyapi``, technical description of the
customer and third-party API):

1. ``GET /api/token`` with the refresh token (created by the third party on eloverblik.dk) as
   bearer gives ``{"result": "<data access token>"}``, valid for 24 hours;
2. ``GET /api/authorization/authorizations`` lists the powers of attorney the customers have
   given (``id``, ``customerCVR``, ``validFrom``, ``validTo``, …);
3. ``GET /api/authorization/authorization/meteringpoints/customerCVR/{cvr}`` lists the
   metering points a company's authorisation covers;
4. ``POST /api/meterdata/gettimeseries/{dateFrom}/{dateTo}/{aggregation}`` with
   ``{"meteringPoints": {"meteringPoint": ["<GSRN>", …]}}`` answers one CIM-like
   ``MyEnergyData_MarketDocument`` per metering point; the API refuses periods longer than
   730 days, so ``time_series_chunks`` splits a longer period.

Errors: a refused token (401, or 403 for a token that is not a refresh token) raises
``TokenRefused``, which a retry cannot mend; a timeout, a 429 or a 5xx raises
``ServiceUnavailable``, which the nightly task retries with back-off. A metering point the API
no longer knows comes back inside a 200 answer with ``success: false`` and is reported on its
``MeterSeries``.

This module knows no app: it returns plain dataclasses for the energy app to store.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx

MAX_DAYS_PER_REQUEST = 730
AGGREGATIONS = ("Actual", "Quarter", "Hour", "Day", "Month", "Year")


class EloverblikError(Exception):
    """The service answered something the client cannot use."""


class TokenRefused(EloverblikError):
    """The refresh or data-access token is expired, revoked or of the wrong kind."""


class ServiceUnavailable(EloverblikError):
    """A timeout, too many requests or a server error: worth trying again later."""


@dataclass(frozen=True)
class Authorization:
    id: str
    third_party_name: str
    customer_name: str
    customer_cvr: str
    valid_from: date | None
    valid_to: date | None
    include_future_metering_points: bool


@dataclass(frozen=True)
class MeteringPointInfo:
    gsrn: str
    type_of_mp: str
    address: str
    postcode: str
    city: str
    consumer_cvr: str
    access_from: date | None
    access_to: date | None


@dataclass(frozen=True)
class SeriesPoint:
    position: int
    quantity: Decimal
    quality: str


@dataclass(frozen=True)
class SeriesPeriod:
    start: datetime
    end: datetime
    resolution: str
    points: list[SeriesPoint]


@dataclass(frozen=True)
class MeterSeries:
    """One metering point's answer: its periods, or why there are none."""

    gsrn: str
    success: bool
    error_code: str = ""
    error_text: str = ""
    unit: str = "KWH"
    periods: list[SeriesPeriod] = field(default_factory=list)


def _date(value: Any) -> date | None:
    if not value:
        return None
    return _instant(str(value)).date()


def _instant(value: str) -> datetime:
    """ISO 8601 as the API writes it, with ``Z`` or an offset (or none: UTC)."""
    text = value.strip().replace("Z", "+00:00")
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def chunks(first: date, end: date, days: int = MAX_DAYS_PER_REQUEST) -> Iterator[tuple[date, date]]:
    """[first, end) in consecutive pieces of at most ``days`` days (end exclusive)."""
    start = first
    while start < end:
        stop = min(end, start + timedelta(days=days))
        yield start, stop
        start = stop


class EloverblikClient:
    """``refresh_token`` from settings; ``transport`` lets the tests answer with recordings."""

    def __init__(
        self,
        *,
        refresh_token: str,
        base_url: str,
        timeout: float,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not refresh_token:
            raise ValueError("Eloverblik needs a refresh token.")
        self._refresh_token = refresh_token
        self._access_token: str | None = None
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            timeout=timeout,
            transport=transport,
            headers={"Accept": "application/json", "api-version": "1.0"},
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "EloverblikClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- Transport -------------------------------------------------------------------------

    def _send(self, method: str, path: str, token: str, **kwargs: Any) -> Any:
        try:
            response = self._http.request(
                method, path, headers={"Authorization": f"Bearer {token}"}, **kwargs
            )
        except httpx.TimeoutException as exc:
            raise ServiceUnavailable(f"Eloverblik did not answer in time ({path}).") from exc
        except httpx.TransportError as exc:
            raise ServiceUnavailable(f"Eloverblik could not be reached ({exc}).") from exc
        if response.status_code in (401, 403):
            raise TokenRefused(
                f"Eloverblik refused the token ({response.status_code}): it has expired, "
                "been revoked or is not a refresh token."
            )
        if response.status_code == 429 or response.status_code >= 500:
            raise ServiceUnavailable(f"Eloverblik answered {response.status_code} ({path}).")
        if response.status_code != 200:
            raise EloverblikError(f"Eloverblik answered {response.status_code} ({path}).")
        try:
            return response.json()
        except ValueError as exc:
            raise EloverblikError(f"Eloverblik's answer to {path} is not JSON.") from exc

    def _token(self) -> str:
        if self._access_token is None:
            answer = self._send("GET", "/api/token", self._refresh_token)
            token = answer.get("result") if isinstance(answer, dict) else None
            if not isinstance(token, str) or not token:
                raise EloverblikError("Eloverblik's token answer holds no token.")
            self._access_token = token
        return self._access_token

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        answer = self._send(method, path, self._token(), **kwargs)
        if not isinstance(answer, dict) or not isinstance(answer.get("result"), list):
            raise EloverblikError(f"Eloverblik's answer to {path} has no result list.")
        return answer["result"]

    # --- Calls -----------------------------------------------------------------------------

    def authorizations(self) -> list[Authorization]:
        return [
            Authorization(
                id=str(item.get("id") or ""),
                third_party_name=str(item.get("thirdPartyName") or ""),
                customer_name=str(item.get("customerName") or ""),
                customer_cvr=str(item.get("customerCVR") or ""),
                valid_from=_date(item.get("validFrom")),
                valid_to=_date(item.get("validTo")),
                include_future_metering_points=bool(item.get("includeFutureMeteringPoints")),
            )
            for item in self._call("GET", "/api/authorization/authorizations")
        ]

    def metering_points(self, cvr: str) -> list[MeteringPointInfo]:
        """The metering points a company's authorisation covers."""
        items = self._call(
            "GET", f"/api/authorization/authorization/meteringpoints/customerCVR/{cvr}"
        )
        points = []
        for item in items:
            street = " ".join(
                str(item.get(key) or "").strip()
                for key in ("streetName", "buildingNumber")
                if item.get(key)
            )
            points.append(
                MeteringPointInfo(
                    gsrn=str(item.get("meteringPointId") or ""),
                    type_of_mp=str(item.get("typeOfMP") or ""),
                    address=street,
                    postcode=str(item.get("postcode") or ""),
                    city=str(item.get("cityName") or ""),
                    consumer_cvr=str(item.get("consumerCVR") or ""),
                    access_from=_date(item.get("accessFrom")),
                    access_to=_date(item.get("accessTo")),
                )
            )
        return points

    def time_series(
        self, gsrns: list[str], date_from: date, date_to: date, aggregation: str = "Hour"
    ) -> list[MeterSeries]:
        """Meter data of [date_from, date_to) (local days, as the API counts them)."""
        if aggregation not in AGGREGATIONS:
            raise ValueError(f"Aggregation {aggregation!r} is not one of {AGGREGATIONS}.")
        if not date_from < date_to or (date_to - date_from).days > MAX_DAYS_PER_REQUEST:
            raise ValueError("A request covers 1 to 730 days.")
        path = f"/api/meterdata/gettimeseries/{date_from:%Y-%m-%d}/{date_to:%Y-%m-%d}/{aggregation}"
        body = {"meteringPoints": {"meteringPoint": list(gsrns)}}
        return [parse_market_document(item) for item in self._call("POST", path, json=body)]

    def time_series_chunks(
        self, gsrn: str, date_from: date, date_to: date, aggregation: str = "Hour"
    ) -> Iterator[tuple[date, date, MeterSeries]]:
        """One metering point's data in requests of at most 730 days, oldest first."""
        for start, stop in chunks(date_from, date_to):
            for series in self.time_series([gsrn], start, stop, aggregation):
                yield start, stop, series


def parse_market_document(item: dict[str, Any]) -> MeterSeries:
    """One entry of ``result``: ``MyEnergyData_MarketDocument`` with its ``TimeSeries``."""
    document = item.get("MyEnergyData_MarketDocument") or {}
    gsrn = str(item.get("id") or "")
    if not item.get("success", False):
        return MeterSeries(
            gsrn=gsrn,
            success=False,
            error_code=str(item.get("errorCode") or ""),
            error_text=str(item.get("errorText") or ""),
        )
    periods: list[SeriesPeriod] = []
    unit = "KWH"
    for series in document.get("TimeSeries") or []:
        gsrn = str(series.get("mRID") or gsrn)
        unit = str(series.get("measurement_Unit.name") or unit)
        for period in series.get("Period") or []:
            interval = period.get("timeInterval") or {}
            try:
                points = [
                    SeriesPoint(
                        position=int(point["position"]),
                        quantity=Decimal(str(point["out_Quantity.quantity"])),
                        quality=str(point.get("out_Quantity.quality") or ""),
                    )
                    for point in period.get("Point") or []
                ]
                periods.append(
                    SeriesPeriod(
                        start=_instant(str(interval["start"])),
                        end=_instant(str(interval["end"])),
                        resolution=str(period.get("resolution") or ""),
                        points=points,
                    )
                )
            except (KeyError, ValueError, InvalidOperation) as exc:
                raise EloverblikError(f"A period of {gsrn} cannot be read: {exc}.") from exc
    return MeterSeries(gsrn=gsrn, success=True, unit=unit, periods=periods)
