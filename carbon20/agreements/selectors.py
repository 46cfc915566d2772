"""The only way views, documents and the API fetch agreements and templates for a user; the
reach comes from the partnership selectors (another municipality's agreement answers 404)."""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from carbon20.agreements.models import Agreement, AgreementTemplate
from carbon20.core import tenancy
from carbon20.partnerships.models import Partnership
from carbon20.partnerships.selectors import partnerships_for_user

can_sign_for_company = tenancy.may_sign_for_company


def agreements_for_user(user) -> QuerySet[Agreement]:
    return Agreement.objects.filter(partnership__in=partnerships_for_user(user))


def get_agreement_for_user(user, agreement_uuid: UUID | str) -> Agreement:
    try:
        return (
            agreements_for_user(user)
            .select_related(
                "partnership__company",
                "partnership__site",
                "partnership__municipality",
                "partnership__programme",
                "template_version__template",
                "factor_set",
            )
            .prefetch_related("signatures")
            .get(uuid=agreement_uuid)
        )
    except (Agreement.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def templates_for_user(user) -> QuerySet[AgreementTemplate]:
    """Officers edit their municipalities' templates; coordinators those of their
    programmes' municipalities. Everyone who may see templates sees the defaults."""
    return AgreementTemplate.objects.filter(tenancy.template_reach(tenancy.roles_of(user)))


def get_template_for_user(user, template_uuid: UUID | str) -> AgreementTemplate:
    try:
        return templates_for_user(user).select_related("municipality").get(uuid=template_uuid)
    except (AgreementTemplate.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def template_for_partnership(partnership: Partnership) -> AgreementTemplate | None:
    """The municipality's own template in the partnership's language, else the default."""
    templates = {
        template.municipality_id: template
        for template in AgreementTemplate.objects.filter(
            Q(municipality_id=partnership.municipality_id) | Q(municipality__isnull=True),
            language=partnership.language,
        )
    }
    return templates.get(partnership.municipality_id) or templates.get(None)
