"""The Carbon 20 programme with its real municipalities and partners (public facts) and
fictional companies whose CVR numbers cannot belong to a real firm."""

from datetime import date
from decimal import Decimal

from carbon20.core.demo import demo_cvrs
from carbon20.organisations.models import (
    Company,
    ContactPerson,
    EmployeeBand,
    Municipality,
    Partner,
    PartnerType,
    PortfolioEntry,
    Programme,
    Site,
)

CARBON20_MUNICIPALITY_CODES = {
    "albertslund": 165,
    "alleroed": 201,
    "ballerup": 151,
    "herning": 657,
    "kolding": 621,
    "koebenhavn": 101,
    "naestved": 370,
}

PARTNERS = [
    ("KL – Kommunernes Landsforening", PartnerType.ASSOCIATION, "https://www.kl.dk/"),
    ("Aalborg Universitet", PartnerType.UNIVERSITY, "https://www.aau.dk/"),
    ("DTU", PartnerType.UNIVERSITY, "https://www.dtu.dk/"),
    ("Business Kolding", PartnerType.BUSINESS_SERVICE, "https://www.businesskolding.dk/"),
    ("Gate 21", PartnerType.SECRETARIAT, "https://www.gate21.dk/"),
    # Fictional advisers for the demo: no real firm is named.
    ("Grøn Energirådgivning ApS (fiktiv)", PartnerType.CONSULTANCY, ""),
    ("Vestegnens Energiselskab (fiktivt)", PartnerType.ENERGY_COMPANY, ""),
]

# name, industry code (DB07), industry (DB07's Danish title, as CVR shows it), employee band,
# municipality slug, street, postcode, city
COMPANIES = [
    (
        "Vestegnens Møbelsnedkeri ApS",
        "310100",
        "Fremstilling af kontor- og butiksmøbler",
        EmployeeBand.SMALL,
        "albertslund",
        "Snedkervej 4",
        "2620",
        "Albertslund",
    ),
    (
        "Hyldagerhus Trykkeri A/S",
        "181200",
        "Anden trykning",
        EmployeeBand.SMALL,
        "albertslund",
        "Trykkergården 12",
        "2620",
        "Albertslund",
    ),
    (
        "Albertslund Auto & Service ApS",
        "452000",
        "Vedligeholdelse og reparation af motorkøretøjer",
        EmployeeBand.MICRO,
        "albertslund",
        "Roskildevej 301",
        "2620",
        "Albertslund",
    ),
    (
        "Kanalens Kantine I/S",
        "562900",
        "Kantiner og catering",
        EmployeeBand.MICRO,
        "albertslund",
        "Kanalgaden 2",
        "2620",
        "Albertslund",
    ),
    (
        "Egeskov Lager & Logistik A/S",
        "521000",
        "Oplagring",
        EmployeeBand.MEDIUM,
        "albertslund",
        "Lagervej 20",
        "2620",
        "Albertslund",
    ),
    (
        "Lyngens Høreteknik A/S",
        "266000",
        "Fremstilling af elektromedicinsk udstyr",
        EmployeeBand.LARGE,
        "alleroed",
        "Høreparken 1",
        "3540",
        "Lynge",
    ),
    (
        "Blovstrød Stolefabrik ApS",
        "310900",
        "Fremstilling af andre møbler",
        EmployeeBand.SMALL,
        "alleroed",
        "Stolevej 7",
        "3450",
        "Allerød",
    ),
    (
        "Allerød Ingeniørrådgivning ApS",
        "711200",
        "Rådgivende ingeniørvirksomhed",
        EmployeeBand.SMALL,
        "alleroed",
        "Kongevejen 55",
        "3450",
        "Allerød",
    ),
    (
        "Lillerød Bageri ApS",
        "107100",
        "Fremstilling af brød og friske bagerivarer",
        EmployeeBand.MICRO,
        "alleroed",
        "Bagertorvet 3",
        "3450",
        "Allerød",
    ),
    (
        "Nordsjællands Gartneri I/S",
        "011300",
        "Dyrkning af grøntsager",
        EmployeeBand.MICRO,
        "alleroed",
        "Drivhusvej 9",
        "3450",
        "Allerød",
    ),
    (
        "Ballerup Elektronik A/S",
        "261200",
        "Fremstilling af monterede elektroniske kort",
        EmployeeBand.MEDIUM,
        "ballerup",
        "Industriparken 40",
        "2750",
        "Ballerup",
    ),
    (
        "Måløv Metalvarer ApS",
        "256200",
        "Maskinforarbejdning",
        EmployeeBand.SMALL,
        "ballerup",
        "Metalvej 15",
        "2760",
        "Måløv",
    ),
    (
        "Skovlunde Vaskeri ApS",
        "960100",
        "Vask og rensning af tekstiler",
        EmployeeBand.SMALL,
        "ballerup",
        "Vaskerivej 6",
        "2740",
        "Skovlunde",
    ),
    (
        "Ballerup Hotel & Konference A/S",
        "551010",
        "Hoteller",
        EmployeeBand.MEDIUM,
        "ballerup",
        "Hotelalléen 1",
        "2750",
        "Ballerup",
    ),
    (
        "Harrestrup IT-Drift ApS",
        "631100",
        "Databehandling, webhosting og lignende",
        EmployeeBand.SMALL,
        "ballerup",
        "Serverbakken 8",
        "2750",
        "Ballerup",
    ),
    (
        "Herning Værktøjsfabrik A/S",
        "257300",
        "Fremstilling af værktøj",
        EmployeeBand.LARGE,
        "herning",
        "Værktøjsvej 10",
        "7400",
        "Herning",
    ),
    (
        "Midtjysk Tekstil ApS",
        "139900",
        "Fremstilling af andre tekstiler",
        EmployeeBand.SMALL,
        "herning",
        "Vævervej 22",
        "7400",
        "Herning",
    ),
    (
        "Hammerum Transport A/S",
        "494100",
        "Vejgodstransport",
        EmployeeBand.MEDIUM,
        "herning",
        "Vognmandsvej 3",
        "7400",
        "Herning",
    ),
    (
        "Herning Bilcenter ApS",
        "451120",
        "Handel med personbiler",
        EmployeeBand.SMALL,
        "herning",
        "Bilvej 77",
        "7400",
        "Herning",
    ),
    (
        "Sunds Plastindustri ApS",
        "222900",
        "Fremstilling af andre plastprodukter",
        EmployeeBand.SMALL,
        "herning",
        "Plastvej 5",
        "7451",
        "Sunds",
    ),
    (
        "Kolding Fødevarer A/S",
        "108900",
        "Fremstilling af andre fødevarer",
        EmployeeBand.MEDIUM,
        "kolding",
        "Fødevarevej 14",
        "6000",
        "Kolding",
    ),
    (
        "Trekantens Emballage ApS",
        "172100",
        "Fremstilling af emballage af papir og pap",
        EmployeeBand.SMALL,
        "kolding",
        "Emballagevej 2",
        "6000",
        "Kolding",
    ),
    (
        "Kolding Fjord Hotel ApS",
        "551010",
        "Hoteller",
        EmployeeBand.SMALL,
        "kolding",
        "Strandvejen 90",
        "6000",
        "Kolding",
    ),
    (
        "Sydjysk Arkitektkontor ApS",
        "711100",
        "Arkitektvirksomhed",
        EmployeeBand.MICRO,
        "kolding",
        "Tegnestuen 1",
        "6000",
        "Kolding",
    ),
    (
        "Lunderskov Smedie ApS",
        "251100",
        "Fremstilling af metalkonstruktioner",
        EmployeeBand.SMALL,
        "kolding",
        "Smedevej 8",
        "6640",
        "Lunderskov",
    ),
    (
        "Vanløse Tekstilhus ApS",
        "475100",
        "Detailhandel med tekstiler",
        EmployeeBand.MICRO,
        "koebenhavn",
        "Jernbane Allé 40",
        "2720",
        "Vanløse",
    ),
    (
        "Nørrebro Grøntkøkken ApS",
        "562100",
        "Eventcatering",
        EmployeeBand.MICRO,
        "koebenhavn",
        "Blågårdsgade 15",
        "2200",
        "København N",
    ),
    (
        "Sydhavnens Tegnestue I/S",
        "711100",
        "Arkitektvirksomhed",
        EmployeeBand.SMALL,
        "koebenhavn",
        "Sluseholmen 8",
        "2450",
        "København SV",
    ),
    (
        "Valby Bryggeri ApS",
        "110500",
        "Fremstilling af øl",
        EmployeeBand.SMALL,
        "koebenhavn",
        "Bryggervej 3",
        "2500",
        "Valby",
    ),
    (
        "Amager Kontorfællesskab A/S",
        "682040",
        "Udlejning af erhvervsejendomme",
        EmployeeBand.MICRO,
        "koebenhavn",
        "Amagerbrogade 100",
        "2300",
        "København S",
    ),
    (
        "Østerbro Boghandel ApS",
        "476100",
        "Boghandel",
        EmployeeBand.MICRO,
        "koebenhavn",
        "Østerbrogade 60",
        "2100",
        "København Ø",
    ),
    (
        "Næstved Betonvarer A/S",
        "236100",
        "Fremstilling af betonprodukter",
        EmployeeBand.MEDIUM,
        "naestved",
        "Betonvej 30",
        "4700",
        "Næstved",
    ),
    (
        "Sydsjællands Savværk ApS",
        "161000",
        "Savværker og høvlerier",
        EmployeeBand.SMALL,
        "naestved",
        "Savværksvej 4",
        "4700",
        "Næstved",
    ),
    (
        "Næstved Blomster & Planter ApS",
        "477600",
        "Detailhandel med blomster og planter",
        EmployeeBand.MICRO,
        "naestved",
        "Torvet 2",
        "4700",
        "Næstved",
    ),
    (
        "Fensmark Rengøring ApS",
        "812100",
        "Almindelig rengøring i bygninger",
        EmployeeBand.SMALL,
        "naestved",
        "Rengøringsvej 1",
        "4684",
        "Holmegaard",
    ),
    (
        "Susåens Maskinstation I/S",
        "016100",
        "Serviceydelser i forbindelse med planteavl",
        EmployeeBand.MICRO,
        "naestved",
        "Ådalen 12",
        "4700",
        "Næstved",
    ),
]

# Fictional contact persons: first names and surnames combined, no real person meant.
FIRST_NAMES = [
    "Lise",
    "Jens",
    "Marianne",
    "Søren",
    "Hanne",
    "Mikkel",
    "Birgitte",
    "Anders",
    "Trine",
    "Kasper",
]
SURNAMES = [
    "Kjær",
    "Dalsgaard",
    "Holm",
    "Bech",
    "Lund",
    "Mørk",
    "Skov",
    "Vinther",
    "Krogh",
    "Brink",
]


def load(context: dict) -> None:
    municipalities = {
        slug: Municipality.objects.get(code=code)
        for slug, code in CARBON20_MUNICIPALITY_CODES.items()
    }
    programme = Programme.objects.create(
        name="Carbon 20",
        slug="carbon-20",
        description=(
            "Offentligt-privat partnerskab til klimaløsninger: kommuner og virksomheder "
            "arbejder i seks trin mod 20 % mindre CO2e."
        ),
        start_date=date(2011, 1, 1),
        end_date=date(2013, 12, 31),
        target_percent=Decimal("20"),
        funder_reference="LIFE09 ENV/DK/000366",
        company_goal=100,
        follow_up_count=3,
    )
    programme.municipalities.set(municipalities.values())
    partners = {}
    for municipality in municipalities.values():
        partners[municipality.name] = Partner.objects.create(
            name=municipality.official_name,
            type=PartnerType.MUNICIPALITY,
            municipality=municipality,
        )
    for name, kind, website in PARTNERS:
        partners[name] = Partner.objects.create(
            name=name, type=kind, website=website, is_public=True
        )
    programme.partners.set(partners.values())

    companies = []
    for index, (row, cvr) in enumerate(zip(COMPANIES, demo_cvrs(len(COMPANIES)), strict=True)):
        name, code, industry, band, slug, street, postcode, city = row
        municipality = municipalities[slug]
        company = Company.objects.create(
            cvr=cvr,
            name=name,
            address=street,
            postcode=postcode,
            city=city,
            municipality=municipality,
            industry_code=code,
            industry_text=industry,
            employee_band=band,
        )
        PortfolioEntry.objects.create(company=company, municipality=municipality)
        Site.objects.create(
            company=company,
            p_number=f"90{index:08d}",
            name=name,
            address=street,
            postcode=postcode,
            city=city,
            municipality=municipality,
            floor_area_m2=400 + 150 * (index % 9),
            employees=5 + 7 * (index % 11),
        )
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = SURNAMES[(index * 3) % len(SURNAMES)]
        ContactPerson.objects.create(
            company=company,
            municipality=municipality,
            name=f"{first} {last}",
            title="Direktør" if index % 2 == 0 else "Driftschef",
            email=f"{first.lower()}.{last.lower()}@example.dk".replace("æ", "ae")
            .replace("ø", "oe")
            .replace("å", "aa"),
            phone=f"+45 70 00 {index:02d} {index + 10:02d}",
            is_management=index % 2 == 0,
            is_landlord=False,
        )
        companies.append(company)
    context.update(
        programme=programme,
        municipalities=municipalities,
        partners=partners,
        companies=companies,
    )
