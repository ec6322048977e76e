from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LanguagePreference(models.Model):
    """The language a user chose with the switcher: their pages on any device, and the language
    of the e-mails they receive (common.i18n.language_of)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="language_preference",
        verbose_name=_("user"),
    )
    # A code of settings.LANGUAGES, not a schema choice: a sixth language needs no migration.
    language = models.CharField(_("language"), max_length=10)

    class Meta:
        verbose_name = _("language preference")

    def __str__(self):
        return f"{self.user}: {self.language}"
