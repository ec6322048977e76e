from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from assets_registry.importing.identities import assets_merge
from assets_registry.models import Asset


class Command(BaseCommand):
    help = (
        "Merge two registry rows that are one asset: KEEP takes DUPLICATE's ids (matched by "
        "later imports), DUPLICATE is soft-deleted with a note. Its status events stay with it."
    )

    def add_arguments(self, parser):
        parser.add_argument("keep", help="public reference of the asset to keep")
        parser.add_argument("duplicate", help="public reference of the copy")
        parser.add_argument("--user", help="username recorded in the audit trail")

    def handle(self, *args, keep, duplicate, user, **options):
        found = {a.reference: a for a in Asset.objects.filter(reference__in=[keep, duplicate])}
        missing = [r for r in (keep, duplicate) if r not in found]
        if missing:
            raise CommandError(f"unknown asset reference(s): {', '.join(missing)}")
        kept, copy = found[keep], found[duplicate]
        by = get_user_model().objects.filter(username=user).first() if user else None
        try:
            ids = assets_merge(keep=kept, duplicate=copy, by=by)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"{duplicate} merged into {keep}; ids now also matched: {', '.join(ids)}")
