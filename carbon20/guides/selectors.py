"""The only way views, documents and the steps fetch guides. The library's reach comes from
`core.tenancy.guide_reach`; a guide outside it answers 404. The steps ask which version is in
force for a partnership by its programme, municipality and language (this app stands below
partnerships and does not know them)."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import formats, translation
from django.utils.translation import gettext as _

from carbon20.core import tenancy
from carbon20.guides import text
from carbon20.guides.kinds import SECTIONS, GuideKind
from carbon20.guides.models import Guide, GuideVersion
from carbon20.organisations.models import Municipality, Programme


def guides_for_user(user) -> QuerySet[Guide]:
    return Guide.objects.filter(
        tenancy.guide_reach(tenancy.roles_of(user), Programme.objects.all())
    ).select_related("programme", "municipality")


def library_for_user(user) -> dict[Programme, list[tuple[Guide, GuideVersion | None]]]:
    """The user's guides by programme, each with its latest version, in the order of the
    steps: the programme's own before the municipalities' versions."""
    order = list(GuideKind.values)
    programmes: dict[Programme, list[tuple[Guide, GuideVersion | None]]] = {}
    for guide in guides_for_user(user).prefetch_related("versions"):
        latest = max(guide.versions.all(), key=lambda version: version.number, default=None)
        programmes.setdefault(guide.programme, []).append((guide, latest))
    for entries in programmes.values():
        entries.sort(
            key=lambda entry: (
                order.index(entry[0].kind),
                entry[0].municipality is not None,
                str(entry[0].municipality or ""),
                entry[0].language,
            )
        )
    return programmes


def get_guide_for_user(user, guide_uuid: UUID | str) -> Guide:
    try:
        return guides_for_user(user).get(uuid=guide_uuid)
    except (Guide.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def get_version(guide: Guide, number: int) -> GuideVersion:
    try:
        return guide.versions.select_related("guide__programme", "guide__municipality").get(
            number=number
        )
    except GuideVersion.DoesNotExist as exc:
        raise Http404 from exc


def version_in_force(
    *, programme_id: int, municipality_id: int | None, language: str, kind: str
) -> GuideVersion | None:
    """The latest version of the municipality's own guide, else of the programme's."""
    guides = {
        guide.municipality_id: guide
        for guide in Guide.objects.filter(
            Q(municipality_id=municipality_id) | Q(municipality__isnull=True),
            programme_id=programme_id,
            language=language,
            kind=kind,
        )
    }
    guide = guides.get(municipality_id) or guides.get(None)
    if guide is None:
        return None
    version = guide.latest_version
    if version is not None:
        version.guide = guide
    return version


def public_model_page(programme: Programme, language: str) -> GuideVersion | None:
    """The programme's model page, readable by the public."""
    return version_in_force(
        programme_id=programme.id, municipality_id=None, language=language, kind=GuideKind.MODEL
    )


def placeholder_values(
    programme: Programme, municipality: Municipality | None, language: str
) -> dict[str, str]:
    with translation.override(language):
        return {
            "programme": programme.name,
            "municipality": (
                str(municipality.display_name) if municipality else _("the municipality")
            ),
            "target_percent": formats.number_format(
                programme.target_percent.normalize(), use_l10n=True
            ),
            "follow_up_count": str(programme.follow_up_count),
        }


def values_for(version: GuideVersion, municipality: Municipality | None = None) -> dict[str, str]:
    guide = version.guide
    return placeholder_values(guide.programme, municipality or guide.municipality, guide.language)


def rendered(version: GuideVersion, municipality: Municipality | None = None):
    """The version's whole text as sanitised HTML."""
    return text.render(version.body, values_for(version, municipality))


def sections_of(version: GuideVersion | None, municipality: Municipality | None = None):
    """The version's sections in its order; none without a version."""
    if version is None:
        return []
    return text.sections(version.body, values_for(version, municipality))


def in_force_for(partnership, kind: str) -> GuideVersion | None:
    """The version in force for a partnership (anything with its programme, municipality and
    language): what a step records when it starts."""
    return version_in_force(
        programme_id=partnership.programme_id,
        municipality_id=partnership.municipality_id,
        language=partnership.language,
        kind=kind,
    )


def recorded_or_in_force(partnership, kind: str, recorded: GuideVersion | None):
    """The version a step recorded, else the one in force now (a step not started yet, or
    recorded before the library existed)."""
    return recorded if recorded is not None else in_force_for(partnership, kind)


def document_sections(version: GuideVersion | None, kind: str) -> list[tuple[str, str]]:
    """A document's chapters as (key, heading), in the order of the guide version it
    follows; without one, the kind's own sections under their default names."""
    if version is not None:
        return [(key, heading) for key, heading, _text in text.split(version.body)[1]]
    return [(key, str(label)) for key, label in SECTIONS[kind].items()]
