import datetime

from django.core.management.base import BaseCommand, CommandError

from reuse_projects.services import reports_schedule, reports_send_reminders


class Command(BaseCommand):
    help = (
        "Create the monitoring reports that have fallen due for active and suspended projects, "
        "and e-mail the reminders (due soon, overdue). Idempotent: run it daily (cron, systemd "
        "timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", help="Pretend today is this date (YYYY-MM-DD), e.g. to catch up"
        )

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(
                    f"--today={options['today']!r} is not a YYYY-MM-DD date"
                ) from None
        created = reports_schedule(today=today)
        self.stdout.write(f"{len(created)} monitoring report(s) fell due.")
        reminded, overdue = reports_send_reminders(today=today)
        self.stdout.write(f"{reminded} reminder(s) sent, {overdue} overdue notice(s) sent.")
