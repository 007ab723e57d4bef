from django.core.management.base import BaseCommand

from onego.core.calendar import load_from_chinesecalendar


class Command(BaseCommand):
    help = "Load statutory holidays and make-up working days (调休) for 2004–2026 from chinesecalendar. Idempotent."

    def handle(self, *args, **options):
        years = load_from_chinesecalendar()
        self.stdout.write(f"calendar loaded for {years[0]}–{years[-1]} ({len(years)} years)")
