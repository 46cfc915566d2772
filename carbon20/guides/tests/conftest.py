import pytest

from carbon20.guides.kinds import GuideKind
from carbon20.guides.models import Guide
from carbon20.partnerships.tests.conftest import partnership_a, partnership_b  # noqa: F401


def programme_guide(programme, kind=GuideKind.FIRST_MEETING, language="da") -> Guide:
    return Guide.objects.get(programme=programme, municipality=None, kind=kind, language=language)


@pytest.fixture
def first_meeting(programme) -> Guide:
    return programme_guide(programme)


def library_state() -> list[tuple]:
    """Every guide and every version's text: what a refused write must leave as it was."""
    from carbon20.guides.models import GuideVersion

    return list(
        GuideVersion.objects.order_by("pk").values_list(
            "guide__programme_id",
            "guide__municipality_id",
            "guide__kind",
            "number",
            "title",
            "body",
        )
    )
