"""Client of the CVR register's distribution service ("System-til-system adgang til
CVR-data", Erhvervsstyrelsen).

The service is Elasticsearch behind basic auth: a company is searched at
``{base}/cvr-permanent/virksomhed/_search`` and production units at
``{base}/cvr-permanent/produktionsenhed/_search``. The answer is Elasticsearch JSON; each hit's
``_source`` holds one ``Vrvirksomhed`` (a company) or ``VrproduktionsEnhed`` (a P-unit), whose
``virksomhedMetadata`` / ``produktionsEnhedMetadata`` carry the newest values
(``nyesteNavn``, ``nyesteBeliggenhedsadresse``, ``nyesteHovedbranche``, …) beside the full
history arrays. Only the newest values are read here.

The client returns plain dataclasses and raises one `CvrError` subclass per failure, each with a
stable ``code``: the apps store what they get and say on the page what went wrong. It never
retries by itself: a page asks once and says so when the register is slow, while the nightly
task retries with back-off (`partnerships.tasks`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
from django.conf import settings
from django.utils.module_loading import import_string

COMPANY_PATH = "/cvr-permanent/virksomhed/_search"
UNIT_PATH = "/cvr-permanent/produktionsenhed/_search"

# `sammensatStatus` words that mean the company no longer exists (ophørt: ceased; opløst:
# dissolved, after bankruptcy, a merger, a division or by compulsion; slettet: deleted). The
# register writes them in capitals in some records and capitalised in others.
CEASED_STATUS_WORDS = ("ophørt", "opløst", "tvangsopløst", "slettet")


class CvrError(Exception):
    """Any failure to get an answer from the register; `code` names which."""

    code = "cvr_error"


class CvrNotConfigured(CvrError):
    code = "cvr_not_configured"


class CvrNotFound(CvrError):
    code = "cvr_not_found"


class CvrUnavailable(CvrError):
    """A timeout, a refused connection or a server error: worth trying again later."""

    code = "cvr_unavailable"


class CvrAccessRefused(CvrError):
    """The register refused the credentials (401/403): trying again will not help."""

    code = "cvr_access_refused"


class CvrBadAnswer(CvrError):
    """An answer that is not the documented Elasticsearch JSON."""

    code = "cvr_bad_answer"


@dataclass(frozen=True)
class Address:
    street: str
    postcode: str
    city: str
    municipality_code: int | None
    municipality_name: str


@dataclass(frozen=True)
class EmployeeInterval:
    """The register's interval code for the number of employees, e.g. ``ANTAL_10_19``."""

    code: str
    low: int
    high: int


@dataclass(frozen=True)
class CompanyRecord:
    cvr: str
    name: str
    address: Address
    industry_code: str
    industry_text: str
    employees: EmployeeInterval | None
    advertising_protected: bool
    status: str
    ceased: bool
    ceased_on: date | None
    p_numbers: tuple[str, ...]


@dataclass(frozen=True)
class ProductionUnit:
    p_number: str
    name: str
    address: Address
    cvr: str


@dataclass(frozen=True)
class CvrSettings:
    base_url: str
    username: str
    password: str
    timeout_seconds: float


def configured_settings() -> CvrSettings | None:
    """The connection's settings, or None when the installation has none (the default)."""
    if not (settings.CVR_USERNAME and settings.CVR_PASSWORD):
        return None
    return CvrSettings(
        base_url=settings.CVR_BASE_URL,
        username=settings.CVR_USERNAME,
        password=settings.CVR_PASSWORD,
        timeout_seconds=settings.CVR_TIMEOUT_SECONDS,
    )


def is_configured() -> bool:
    return configured_settings() is not None


def client() -> "CvrClient":
    """The installation's client; raises `CvrNotConfigured` without credentials."""
    config = configured_settings()
    if config is None:
        raise CvrNotConfigured("CVR_USERNAME and CVR_PASSWORD are not set")
    # CVR_TRANSPORT is for tests only: the dotted path of a callable that returns an httpx
    # transport answering from recorded files, so a live server never reaches the network.
    transport = import_string(settings.CVR_TRANSPORT)() if settings.CVR_TRANSPORT else None
    return CvrClient(config, transport=transport)


class CvrClient:
    def __init__(self, config: CvrSettings, *, transport: httpx.BaseTransport | None = None):
        self._http = httpx.Client(
            base_url=config.base_url,
            auth=httpx.BasicAuth(config.username, config.password),
            timeout=httpx.Timeout(config.timeout_seconds),
            headers={"Accept": "application/json"},
            transport=transport,
        )

    def __enter__(self) -> "CvrClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._http.close()

    def company(self, cvr: str) -> CompanyRecord:
        hits = self._search(
            COMPANY_PATH, {"query": {"term": {"Vrvirksomhed.cvrNummer": int(cvr)}}}, size=1
        )
        if not hits:
            raise CvrNotFound(cvr)
        return parse_company(_source(hits[0], "Vrvirksomhed"))

    def production_units(self, p_numbers: Iterable[str]) -> list[ProductionUnit]:
        wanted = sorted({int(p) for p in p_numbers})
        if not wanted:
            return []
        hits = self._search(
            UNIT_PATH,
            {"query": {"terms": {"VrproduktionsEnhed.pNummer": wanted}}},
            size=len(wanted),
        )
        units = [parse_unit(_source(hit, "VrproduktionsEnhed")) for hit in hits]
        return sorted(units, key=lambda unit: unit.p_number)

    def _search(self, path: str, query: dict[str, Any], *, size: int) -> list[dict[str, Any]]:
        try:
            response = self._http.post(path, json={**query, "size": size})
        except httpx.TimeoutException as exc:
            raise CvrUnavailable("timeout") from exc
        except httpx.TransportError as exc:
            raise CvrUnavailable(str(exc)) from exc
        if response.status_code in (401, 403):
            raise CvrAccessRefused(str(response.status_code))
        if response.status_code >= 500 or response.status_code == 429:
            raise CvrUnavailable(str(response.status_code))
        if response.status_code != 200:
            raise CvrBadAnswer(str(response.status_code))
        try:
            hits = response.json()["hits"]["hits"]
        except (ValueError, KeyError, TypeError) as exc:
            raise CvrBadAnswer("not Elasticsearch JSON") from exc
        if not isinstance(hits, list):
            raise CvrBadAnswer("hits is not a list")
        return hits


def _source(hit: dict[str, Any], kind: str) -> dict[str, Any]:
    try:
        document = hit["_source"][kind]
    except (KeyError, TypeError) as exc:
        raise CvrBadAnswer(f"a hit without _source.{kind}") from exc
    if not isinstance(document, dict):
        raise CvrBadAnswer(f"_source.{kind} is not an object")
    return document


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def parse_address(raw: dict[str, Any] | None) -> Address:
    raw = raw or {}
    number = "".join(_text(raw.get(key)) for key in ("husnummerFra", "bogstavFra"))
    street = " ".join(part for part in (_text(raw.get("vejnavn")), number) if part)
    floor_door = ", ".join(
        part for part in (_text(raw.get("etage")), _text(raw.get("sidedoer"))) if part
    )
    if floor_door:
        street = f"{street}, {floor_door}"
    municipality = raw.get("kommune") or {}
    code = municipality.get("kommuneKode")
    postcode = raw.get("postnummer")
    return Address(
        street=street,
        postcode=f"{int(postcode):04d}" if postcode not in (None, "") else "",
        city=_text(raw.get("postdistrikt")),
        municipality_code=int(code) if code not in (None, "") else None,
        municipality_name=_text(municipality.get("kommuneNavn")).title(),
    )


def parse_employees(metadata: dict[str, Any]) -> EmployeeInterval | None:
    """The newest yearly count, else the newest quarterly one: the interval code only, since
    the exact counts are not in every record."""
    for key in ("nyesteAarsbeskaeftigelse", "nyesteKvartalsbeskaeftigelse"):
        code = _text((metadata.get(key) or {}).get("intervalKodeAntalAnsatte"))
        parts = code.split("_")
        if len(parts) == 3 and parts[0] == "ANTAL" and parts[1].isdigit() and parts[2].isdigit():
            return EmployeeInterval(code=code, low=int(parts[1]), high=int(parts[2]))
    return None


def _ceased_on(document: dict[str, Any]) -> date | None:
    """The end of the company's last life period (livsforløb), when it has one."""
    periods = [item.get("periode") or {} for item in document.get("livsforloeb") or []]
    ends = [period.get("gyldigTil") for period in periods]
    if not ends or ends[-1] is None:
        return None
    try:
        return date.fromisoformat(str(ends[-1])[:10])
    except ValueError:
        return None


def parse_company(document: dict[str, Any]) -> CompanyRecord:
    metadata = document.get("virksomhedMetadata") or {}
    try:
        cvr = f"{int(document['cvrNummer']):08d}"
    except (KeyError, TypeError, ValueError) as exc:
        raise CvrBadAnswer("a company without cvrNummer") from exc
    industry = metadata.get("nyesteHovedbranche") or {}
    status = _text(metadata.get("sammensatStatus"))
    ceased_on = _ceased_on(document)
    ceased = any(word in status.lower() for word in CEASED_STATUS_WORDS)
    return CompanyRecord(
        cvr=cvr,
        name=_text((metadata.get("nyesteNavn") or {}).get("navn")),
        address=parse_address(metadata.get("nyesteBeliggenhedsadresse")),
        industry_code=_text(industry.get("branchekode")),
        industry_text=_text(industry.get("branchetekst")),
        employees=parse_employees(metadata),
        advertising_protected=bool(document.get("reklamebeskyttet")),
        status=status,
        ceased=ceased,
        ceased_on=ceased_on if ceased else None,
        p_numbers=tuple(
            sorted(
                {
                    f"{int(unit['pNummer']):010d}"
                    for unit in document.get("penheder") or []
                    if _unit_is_current(unit)
                }
            )
        ),
    )


def _unit_is_current(unit: dict[str, Any]) -> bool:
    """A P-unit the company still has: its link to the company has no end date."""
    return unit.get("pNummer") is not None and (unit.get("periode") or {}).get("gyldigTil") is None


def parse_unit(document: dict[str, Any]) -> ProductionUnit:
    metadata = document.get("produktionsEnhedMetadata") or {}
    try:
        p_number = f"{int(document['pNummer']):010d}"
    except (KeyError, TypeError, ValueError) as exc:
        raise CvrBadAnswer("a production unit without pNummer") from exc
    cvr = metadata.get("nyesteCvrNummerRelation")
    return ProductionUnit(
        p_number=p_number,
        name=_text((metadata.get("nyesteNavn") or {}).get("navn")),
        address=parse_address(metadata.get("nyesteBeliggenhedsadresse")),
        cvr=f"{int(cvr):08d}" if cvr not in (None, "") else "",
    )
