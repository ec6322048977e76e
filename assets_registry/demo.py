"""Demo data: real boundaries of four cities, named users for each role and plausible assets.

Every asset walks its lifecycle through the services, so the demo has real status histories and
audit rows. Loaded once by `manage.py load_demo` (common/management/commands) (`make run`).
"""

import datetime
import random
from pathlib import Path

from django.contrib.auth.models import Permission, User
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.db import transaction

from assets_registry import services
from assets_registry.boundaries import PRESETS, load_municipalities
from assets_registry.models import Asset, Municipality, MunicipalityMembership

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "boundaries"
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - documented demo logins, development only

DEMO_CITIES = [("IT", "082053"), ("IT", "063049"), ("NL", "GM0599"), ("NL", "GM0363")]

# username, municipality code (None for non-municipal users), role
DEMO_STAFF = [
    ("palermo.officer", "082053", MunicipalityMembership.Role.OFFICER),
    ("palermo.manager", "082053", MunicipalityMembership.Role.MANAGER),
    ("napoli.officer", "063049", MunicipalityMembership.Role.OFFICER),
    ("rotterdam.officer", "GM0599", MunicipalityMembership.Role.OFFICER),
    ("amsterdam.manager", "GM0363", MunicipalityMembership.Role.MANAGER),
]

# The path each status is reached by, from seizure.
PATHS = {
    "seized": [],
    "confiscated_first_instance": ["confiscated_first_instance"],
    "confiscated_appeal": ["confiscated_first_instance", "confiscated_appeal"],
    "confiscated_final": ["confiscated_first_instance", "confiscated_appeal", "confiscated_final"],
    "released": ["confiscated_first_instance", "released"],
    "allocated": ["confiscated_first_instance", "confiscated_final", "allocated"],
    "delivered": ["confiscated_first_instance", "confiscated_final", "allocated", "delivered"],
    "revoked_allocation": [
        "confiscated_first_instance",
        "confiscated_final",
        "allocated",
        "revoked_allocation",
    ],
    "for_sale": ["confiscated_first_instance", "confiscated_final", "for_sale"],
    "sold": ["confiscated_first_instance", "confiscated_final", "for_sale", "sold"],
    "demolished": ["confiscated_first_instance", "confiscated_final", "demolished"],
}

# (kind, category, subcategory, title, floor m², land m²) per city flavour.
ITALIAN_ASSETS = [
    ("building_unit", "Fabbricato", "Villa", "Villa with garden", 320, 1800),
    ("building_unit", "Unità immobiliare", "Appartamento", "Flat on the third floor", 95, None),
    ("building_unit", "Unità immobiliare", "Magazzino", "Warehouse", 410, None),
    ("building_unit", "Unità immobiliare", "Negozio", "Shop on the high street", 70, None),
    ("land", "Terreno", "Terreno agricolo", "Lemon grove", None, 24000),
    ("land", "Terreno", "Terreno edificabile", "Building plot", None, 3200),
    ("company", "Azienda", "Ristorazione", "Restaurant company", None, None),
    ("company", "Azienda", "Edilizia", "Construction company", None, None),
    ("movable", "Bene mobile", "Veicolo", "Boat", None, None),
    ("building_unit", "Fabbricato", "Palazzina", "Small apartment building", 780, 400),
    ("building_unit", "Unità immobiliare", "Box", "Garage", 18, None),
    ("land", "Terreno", "Uliveto", "Olive grove", None, 15000),
]
DUTCH_ASSETS = [
    ("building_unit", "Woning", "Appartement", "Apartment", 85, None),
    ("building_unit", "Bedrijfspand", "Horeca", "Former shisha lounge", 160, None),
    ("building_unit", "Bedrijfspand", "Kantoor", "Office floor", 240, None),
    ("company", "Onderneming", "Autohandel", "Car dealership company", None, None),
    ("movable", "Roerende zaak", "Voertuig", "Armoured car", None, None),
    ("land", "Grond", "Bouwgrond", "Plot by the harbour", None, 2100),
    ("building_unit", "Woning", "Woonhuis", "Terraced house", 120, 90),
    ("building_unit", "Bedrijfspand", "Opslag", "Storage unit", 300, None),
    ("building_unit", "Bedrijfspand", "Winkel", "Barber shop (front business)", 55, None),
    ("building_unit", "Woning", "Villa", "Detached house", 260, 900),
    ("company", "Onderneming", "Nagelstudio", "Nail salon company", None, None),
]
STREETS = {
    "082053": ["Via Maqueda", "Via Libertà", "Corso Calatafimi", "Via Roma", "Viale Strasburgo"],
    "063049": ["Via Toledo", "Corso Umberto I", "Via Foria", "Via dei Tribunali", "Via Chiaia"],
    "GM0599": ["Coolsingel", "Witte de Withstraat", "Beijerlandselaan", "Zwart Janstraat"],
    "GM0363": ["Damrak", "Kinkerstraat", "Javastraat", "Ferdinand Bolstraat"],
}
# Reuse-ready statuses get the extra assets: most demo assets are allocated or delivered.
EXTRA_STATUSES = ["delivered", "allocated", "delivered"]


def random_point_in(boundary, rng):
    """A point inside the boundary, near its densest part (the representative point)."""
    centre = boundary.point_on_surface
    for _ in range(500):
        candidate = Point(
            centre.x + rng.uniform(-0.03, 0.03), centre.y + rng.uniform(-0.02, 0.02), srid=4326
        )
        if boundary.covers(candidate):
            return candidate
    return centre


def square_parcel(point, half_side=0.0004):
    x, y = point.x, point.y
    ring = (
        (x - half_side, y - half_side),
        (x + half_side, y - half_side),
        (x + half_side, y + half_side),
        (x - half_side, y + half_side),
        (x - half_side, y - half_side),
    )
    return MultiPolygon(Polygon(ring), srid=4326)


def ensure_users(stdout=None):
    municipalities = {
        m.code: m for m in Municipality.objects.filter(code__in=[c for _, c in DEMO_CITIES])
    }
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.org", DEMO_PASSWORD)
    national, created = User.objects.get_or_create(
        username="national.admin",
        defaults={"email": "national.admin@example.org", "is_staff": True},
    )
    if created:
        national.set_password(DEMO_PASSWORD)
        national.save()
        national.user_permissions.add(Permission.objects.get(codename="national_administrator"))
    for username, code, role in DEMO_STAFF:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org", "is_staff": True}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        MunicipalityMembership.objects.get_or_create(
            user=user, municipality=municipalities[code], defaults={"role": role}
        )


def create_assets(rng):
    users = {
        m.municipality.code: m.user
        for m in MunicipalityMembership.objects.select_related("user", "municipality")
    }
    today = datetime.date.today()
    created = 0
    every_status = list(PATHS)
    for city_number, (country, code) in enumerate(DEMO_CITIES):
        municipality = Municipality.objects.get(country=country, code=code)
        catalogue = ITALIAN_ASSETS if country == "IT" else DUTCH_ASSETS
        by = users[code]
        for number, (kind, category, subcategory, title, floor, land) in enumerate(catalogue):
            # Every status appears in every city, on a different kind of asset in each.
            if number < len(every_status):
                status = every_status[(number + city_number) % len(every_status)]
            else:
                status = EXTRA_STATUSES[number % len(EXTRA_STATUSES)]
            point = random_point_in(municipality.boundary, rng)
            precision = rng.choice(["exact", "exact", "street"]) if kind != "movable" else "unknown"
            seized_on = today - datetime.timedelta(days=rng.randint(9 * 365, 15 * 365))
            street = rng.choice(STREETS[code])
            fields = {
                "kind": kind,
                "category": category,
                "subcategory": subcategory,
                "title": title,
                "description": f"{title} seized in {seized_on.year}.",
                "address": f"{street} {rng.randint(1, 180)}" if kind != "movable" else "",
                "location": point if precision != "unknown" else None,
                "location_precision": precision,
                "parcels": square_parcel(point) if kind == "land" else None,
                "floor_area_m2": floor,
                "land_area_m2": land,
                "condition": rng.choice(["good", "needs_repair", "derelict", "unknown"]),
                "occupancy": rng.choice(["vacant", "occupied_by_third_party", "unknown"]),
                "estimated_value": rng.randint(20, 900) * 1000,
                "confiscated_share": rng.choice([100, 100, 100, 50]),
                "court": "Tribunale di Palermo"
                if code == "082053"
                else ("Tribunale di Napoli" if code == "063049" else "Rechtbank"),
                "case_number": f"{rng.randint(100, 9999)}/{seized_on.year}",
                "procedure_type": rng.choice(["criminal", "prevention"]),
                "external_source": "DEMO",
                "external_id": f"DEMO-{code}-{number:03d}",
            }
            asset = services.asset_create(
                municipality=municipality,
                status="seized",
                effective_date=seized_on,
                by=by,
                reference=f"Seizure decree {rng.randint(10, 999)}/{seized_on.year}",
                **fields,
            )
            day = seized_on
            for step in PATHS[status]:
                day = min(today, day + datetime.timedelta(days=rng.randint(200, 700)))
                services.asset_record_status(
                    asset=asset,
                    status=step,
                    effective_date=day,
                    by=by,
                    reference=f"Decree {rng.randint(10, 999)}/{day.year}",
                )
            created += 1
    return created


@transaction.atomic
def load_demo_assets(*, stdout=None):
    """Load the demo once. Returns the number of assets created (0 when already there)."""
    load_municipalities(FIXTURES / "istat_comuni_excerpt.geojson", mapping=PRESETS["istat"])
    load_municipalities(FIXTURES / "cbs_gemeenten_excerpt.geojson", mapping=PRESETS["cbs"])
    for country, code in DEMO_CITIES:
        municipality = Municipality.objects.get(country=country, code=code)
        if not municipality.is_published:
            municipality.is_published = True
            municipality.save()
    ensure_users(stdout)
    if Asset.objects.filter(external_source="DEMO").exists():
        return 0
    # Each service call records its own acting user in the audit trail.
    created = create_assets(random.Random(2026))  # noqa: S311 - demo data, not security
    if stdout:
        stdout.write(f"Demo: {created} assets created. Logins use the password {DEMO_PASSWORD}.")
    return created
