"""The guide library: each programme's guides, one per kind and language, and the versions
of each. A municipality may keep its own version of a programme's guide.

A version that a partnership's step has recorded (a visit, a review, a plan, a follow-up)
is in use and never changes again; a change publishes a new version.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from carbon20.core.models import BaseModel
from carbon20.guides import text
from carbon20.guides.kinds import LANGUAGES, GuideKind
from carbon20.organisations.models import Municipality, Programme


class Guide(BaseModel):
    """A programme's guide of one kind in one language; with a municipality, that
    municipality's own version of it."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="guides"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guides",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=GuideKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        ordering = ["programme", "kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality", "kind", "language"],
                name="one_guide_per_municipality_kind_language",
            ),
            models.UniqueConstraint(
                fields=["programme", "kind", "language"],
                condition=Q(municipality__isnull=True),
                name="one_programme_guide_per_kind_language",
            ),
        ]

    def __str__(self) -> str:
        owner = self.municipality.name if self.municipality_id else self.programme.name
        return f"{self.get_kind_display()} – {owner} ({self.get_language_display()})"

    def clean(self) -> None:
        if (
            self.municipality_id
            and self.programme_id
            and not self.programme.municipalities.filter(pk=self.municipality_id).exists()
        ):
            raise ValidationError(
                {"municipality": _("The municipality does not take part in this programme.")},
                code="municipality_outside_programme",
            )

    @cached_property
    def latest_version(self) -> "GuideVersion | None":
        return self.versions.order_by("-number").first()


class GuideVersion(BaseModel):
    guide = models.ForeignKey(
        Guide, verbose_name=_("guide"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(pgettext_lazy("heading of a document", "title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("guide version")
        verbose_name_plural = _("guide versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "number"], name="unique_guide_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.guide} v{self.number}"

    @property
    def is_in_use(self) -> bool:
        """Whether a step of some partnership has recorded this version. The steps' models
        stand above this app, so they are found through the relations that point here."""
        if self.pk is None:
            return False
        return any(
            relation.related_model._default_manager.filter(**{relation.field.name: self}).exists()
            for relation in self._meta.get_fields(include_hidden=True)
            if relation.one_to_many
            and relation.auto_created
            and relation.field.name.endswith("guide_version")
        )

    def clean(self) -> None:
        if self.guide_id:
            text.validate_body(self.body, self.guide.kind)
        if self.pk is not None and self.is_in_use:
            stored = GuideVersion.objects.filter(pk=self.pk).values("title", "body").first()
            if stored and (stored["title"], stored["body"]) != (self.title, self.body):
                raise ValidationError(
                    _(
                        "Version %(number)d is in use by a partnership and cannot change; "
                        "publish a new version instead."
                    ),
                    code="version_in_use",
                    params={"number": self.number},
                )
