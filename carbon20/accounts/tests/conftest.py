import re

import pytest

from carbon20.organisations.models import ContactPerson

LINK = re.compile(r"https?://\S+/account/invitation/[^/\s]+/")


def invitation_link(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://carbon20.example.dk"
    return settings.SITE_URL


@pytest.fixture
def contact_a(company_a) -> ContactPerson:
    return company_a.contacts.get(email="kontakt@a.example.dk")
