"""Writes of the guide library: the defaults of a programme, a municipality's own version,
and publishing or correcting a version. Each calls `full_clean()`, so a guide with an unknown
placeholder, HTML, a wrong section or a change to a version in use is refused and nothing is
saved."""

from django.db import transaction
from django.db.models import Max

from carbon20.guides.defaults import KINDS, LANGUAGES, read_default
from carbon20.guides.models import Guide, GuideVersion
from carbon20.organisations.models import Municipality, Programme


def install_defaults(*, programme: Programme) -> None:
    """The product's default guides as version 1 of each kind and language the programme
    lacks."""
    existing = set(
        Guide.objects.filter(programme=programme, municipality__isnull=True).values_list(
            "kind", "language"
        )
    )
    missing = [
        (kind, language)
        for kind in KINDS
        for language in LANGUAGES
        if (kind, language) not in existing
    ]
    with transaction.atomic():
        guides = Guide.objects.bulk_create(
            [Guide(programme=programme, kind=kind, language=language) for kind, language in missing]
        )
        versions = []
        for guide in guides:
            title, body = read_default(guide.kind, guide.language)
            versions.append(GuideVersion(guide=guide, number=1, title=title, body=body))
        GuideVersion.objects.bulk_create(versions)


def publish_version(*, guide: Guide, title: str, body: str, user) -> GuideVersion:
    """A new version; the versions before it stay as they were."""
    with transaction.atomic():
        guide = Guide.objects.select_for_update().get(pk=guide.pk)
        number = (guide.versions.aggregate(Max("number"))["number__max"] or 0) + 1
        version = GuideVersion(guide=guide, number=number, title=title, body=body, created_by=user)
        version.full_clean()
        version.save()
    return version


def correct_version(*, version: GuideVersion, title: str, body: str, user) -> GuideVersion:
    """Change a version that no partnership has recorded yet; a version in use is refused
    (`GuideVersion.clean`)."""
    with transaction.atomic():
        version = (
            GuideVersion.objects.select_for_update().select_related("guide").get(pk=version.pk)
        )
        version.title = title
        version.body = body
        version.created_by = user
        version.full_clean()
        version.save(update_fields=["title", "body", "created_by", "updated_at"])
    return version


def adopt_for_municipality(
    *, guide: Guide, municipality: Municipality, title: str, body: str, user
) -> GuideVersion:
    """The municipality's own version of a programme's guide, its first version written now."""
    with transaction.atomic():
        own, _created = Guide.objects.get_or_create(
            programme=guide.programme,
            municipality=municipality,
            kind=guide.kind,
            language=guide.language,
        )
        own.full_clean()
        return publish_version(guide=own, title=title, body=body, user=user)
