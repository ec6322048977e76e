"""Demo good-practice sheets (Palermo, Naples, Rotterdam), written and reviewed through the
services so that they have real histories. Call load() after the reuse demo; idempotent."""

from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction

from evaluation import services
from evaluation.models import GoodPracticeSheet
from reuse_projects.models import ReuseProject

# project title (from reuse_projects.demo), author's username, the sheet's text
DEMO_SHEETS = [
    (
        "Casa dei giovani Danilo Dolci",
        "palermo.manager",
        {
            "summary": "A boss's villa in Brancaccio became the neighbourhood's youth centre, "
            "open six days a week.",
            "context": "Brancaccio, on Palermo's eastern edge, has one of the city's highest "
            "school drop-out rates and no public youth facility. The villa, confiscated from a "
            "family of the local clan, stood empty for eleven years after final confiscation.",
            "actions": "Call for proposals in 2023 scored on social impact and involvement of the "
            "neighbourhood. The concessionaire repaired the ground floor with volunteers, opened "
            "an after-school club, a music room and a summer camp, and hosts the district's "
            "open days.",
            "partners": "Libera Palermo APS (concessionaire); the local comprehensive school; "
            "the parish; the district council; a local bank foundation.",
            "costs": "Repairs to the roof and electrical system; running costs about EUR 38,000 "
            "a year (utilities, two educators).",
            "funding": "Municipal works budget for the roof (EUR 60,000); bank foundation grant "
            "for the first two years; small donations.",
            "difficulties": "The first year was lost waiting for the fire certificate: ask for it "
            "before the call, not after. Vandalism stopped once neighbours were involved in the "
            "works.",
            "lessons": "Offer the asset with its repairs already budgeted; involve the school "
            "from the start; file the monitoring report with photos, it is what convinced the "
            "council to renew the funding.",
            "contact_name": "Ufficio beni confiscati, Comune di Palermo",
            "contact_email": "beniconfiscati@example.org",
            "total_cost": Decimal("136000"),
        },
    ),
    (
        "Palestra popolare Forcella",
        "national.admin",
        {
            "summary": "A people's gym in a confiscated warehouse in Forcella: ten months of "
            "activity, then a move to a larger building, and what Naples learned from it.",
            "context": "Forcella, in Naples' historic centre, where the clans recruit teenagers. "
            "The warehouse was confiscated for good in 2016.",
            "actions": "Boxing and martial-arts classes for teenagers, free of charge, with "
            "coaches from the neighbourhood; homework help before training.",
            "partners": "Libera Palermo APS; a boxing club from the Sanità; the juvenile court's "
            "social services.",
            "costs": "Mats, ring and changing rooms: about EUR 25,000.",
            "funding": "Regional call for sport in deprived areas; crowdfunding.",
            "difficulties": "The warehouse was too small for the demand within months; the "
            "concession had no clause to move the project to another confiscated asset.",
            "lessons": "Write into the concession how the project can move to another asset; "
            "size the asset to the demand after the first year, not before.",
            "contact_name": "Comune di Napoli, servizio beni confiscati",
            "contact_email": "beni.confiscati.napoli@example.org",
            "total_cost": Decimal("25000"),
        },
    ),
    (
        "Buurthuis De Kracht",
        "national.admin",
        {
            "summary": "A former shisha lounge closed by the mayor became a community centre "
            "run by the neighbours of Rotterdam-Zuid.",
            "context": "Rotterdam-Zuid; the premises were closed and confiscated after a criminal "
            "investigation (Bibob) showed they served to launder money.",
            "actions": "The municipality offered the premises through a call open to local "
            "foundations; Stichting Buurtkracht opened a community living room, language "
            "classes and a repair café.",
            "partners": "Stichting Buurtkracht; the district team (wijkteam); the housing "
            "corporation; the public library.",
            "costs": "Refurbishment EUR 48,000; rent waived for ten years.",
            "funding": "Municipal neighbourhood budget (wijkbudget); a national fund for social "
            "reuse pilots.",
            "difficulties": "No national framework for social reuse yet: the concession was "
            "written as a municipal lease, which took legal advice to get right.",
            "lessons": "A local, administrative route works: the Italian model of calls and "
            "monitoring reports can be copied as municipal policy.",
            "contact_name": "Gemeente Rotterdam, team ondermijning",
            "contact_email": "ondermijning@example.org",
            "total_cost": Decimal("48000"),
        },
    ),
]


@transaction.atomic
def load(*, stdout=None):
    """Write, submit and publish the demo sheets. Returns how many were created."""
    reviewer = User.objects.filter(username="national.admin").first()
    if reviewer is None:
        return 0
    created = 0
    for title, author_name, text in DEMO_SHEETS:
        project = ReuseProject.objects.filter(title=title).first()
        author = User.objects.filter(username=author_name).first()
        if project is None or author is None:
            continue
        if GoodPracticeSheet.objects.filter(project=project).exists():
            continue
        sheet = services.sheet_start(project=project, by=author)
        sheet = services.sheet_update(sheet=sheet, data=text, by=author)
        sheet = services.sheet_submit(sheet=sheet, by=author)
        services.sheet_review(sheet=sheet, publish=True, note="", by=reviewer)
        created += 1
    if stdout:
        stdout.write(f"Good practices: {created} demo sheets published.")
    return created
