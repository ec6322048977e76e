import math

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.indexes import GistIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets_registry import lifecycle

# Models of their own module, registered with the app here.
from assets_registry.jurisdiction import (  # noqa: F401
    Jurisdiction,
    JurisdictionStage,
    JurisdictionWording,
)

WGS84 = 4326


class MunicipalityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Municipality(models.Model):
    """A local authority: the unit of tenancy. Every asset belongs to exactly one."""

    name = models.CharField(max_length=200, verbose_name=_("name"))
    country = models.CharField(
        max_length=2, help_text=_("ISO 3166-1 alpha-2, e.g. IT, NL"), verbose_name=_("country")
    )
    code = models.CharField(
        max_length=20,
        help_text=_("Official code in its country's scheme: ISTAT (IT), CBS (NL), INSEE (FR), LAU"),
        verbose_name=_("code"),
    )
    slug = models.SlugField(max_length=120, unique=True, verbose_name=_("slug"))
    region = models.CharField(max_length=200, blank=True, verbose_name=_("region"))
    province = models.CharField(max_length=200, blank=True, verbose_name=_("province"))
    # Official codes of the region and province (ISTAT: "19", "082"): statistics group by them,
    # since names change and may be written in two languages.
    region_code = models.CharField(max_length=20, blank=True, verbose_name=_("region code"))
    province_code = models.CharField(max_length=20, blank=True, verbose_name=_("province code"))
    boundary = models.MultiPolygonField(srid=WGS84, verbose_name=_("boundary"))
    # Where assets with no better location are placed (always inside the boundary).
    representative_point = models.PointField(
        srid=WGS84, null=True, blank=True, editable=False, verbose_name=_("representative point")
    )
    population = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("population"))
    is_published = models.BooleanField(
        default=False,
        help_text=_("Publish this municipality's assets on the public maps and register"),
        verbose_name=_("is published"),
    )
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("published at"))
    # Last number used in public asset references; bumped under a row lock.
    last_asset_number = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("last asset number")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "municipalities"
        indexes = [
            # The public selectors join every asset to `is_published`: this small index answers
            # that without reading the table, whose rows carry the boundaries (bench national).
            models.Index(
                fields=["id"],
                include=["slug"],
                condition=Q(is_published=True),
                name="municipality_published",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["country", "code"], name="municipality_unique_code"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.boundary is not None:
            if self.boundary.srid != WGS84:
                raise ValidationError({"boundary": _("The boundary must be in EPSG:4326.")})
            if not self.boundary.valid:
                raise ValidationError(
                    {"boundary": _("Invalid boundary: %s") % self.boundary.valid_reason}
                )

    @property
    def jurisdiction(self):
        """The legal framework of the municipality's country (None until one is configured)."""
        return Jurisdiction.of_country(self.country)

    def reserve_asset_references(self, count=1):
        """Public references for `count` new assets, e.g. IT-082053-00042."""
        return reserve_references({self: count}).get(self.pk, [])

    def save(self, *args, **kwargs):
        if self.boundary is not None:
            self.representative_point = self.boundary.point_on_surface
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)


def reserve_references(counts):
    """{municipality: count} -> {municipality pk: [public references]}, in two statements for
    any number of municipalities (an import of the national file names over a thousand).

    The rows are locked in primary-key order, then bumped: concurrent writers get consecutive,
    distinct numbers and, locking in the same order, never deadlock. The locks last until the
    transaction ends.
    """
    counts = {m.pk: (m, count) for m, count in counts.items() if count}
    if not counts:
        return {}
    pks = sorted(counts)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM assets_registry_municipality WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
            [pks],
        )
        cursor.execute(
            "UPDATE assets_registry_municipality AS m "
            "SET last_asset_number = m.last_asset_number + c.count "
            "FROM unnest(%s::bigint[], %s::integer[]) AS c(id, count) WHERE m.id = c.id "
            "RETURNING m.id, m.last_asset_number",
            [pks, [counts[pk][1] for pk in pks]],
        )
        last_numbers = dict(cursor.fetchall())
    references = {}
    for pk, (municipality, count) in counts.items():
        last = last_numbers[pk]
        prefix = f"{municipality.country}-{municipality.code}"
        references[pk] = [f"{prefix}-{n:05d}" for n in range(last - count + 1, last + 1)]
    return references


class MunicipalityPeriod(models.Model):
    """One period of validity of an Italian municipality since 1861 (ANPR archive of
    municipalities, CC BY 4.0): what an ISTAT code or a name in an older file stands for today.
    Loaded by `manage.py load_municipality_history`; read by importing/history.py."""

    anpr_id = models.PositiveIntegerField(unique=True)
    code = models.CharField(max_length=6, help_text=_("ISTAT code during this period"))
    cadastral_code = models.CharField(
        max_length=4, blank=True, help_text=_("Kept when ISTAT renumbers a municipality")
    )
    name = models.CharField(max_length=200)
    province_code = models.CharField(max_length=3, blank=True)
    province_abbreviation = models.CharField(max_length=2, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True, help_text=_("Empty: still valid"))

    class Meta:
        ordering = ["code", "valid_from"]
        indexes = [models.Index(fields=["code"]), models.Index(fields=["cadastral_code"])]

    def __str__(self):
        until = self.valid_to.isoformat() if self.valid_to else "today"
        return f"{self.code} {self.name} ({self.valid_from.isoformat()}–{until})"


class MunicipalityMembership(models.Model):
    """A user's role in one municipality. A user may belong to several."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("Municipal officer")
        MANAGER = "manager", _("Municipal manager")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="municipality_memberships",
        verbose_name=_("user"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    role = models.CharField(
        max_length=20, choices=Role.choices, default=Role.OFFICER, verbose_name=_("role")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="municipality_membership_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} of {self.municipality}"


class AssetQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def publicly_visible(self):
        """Confiscated for good (or later) in a published municipality, not deleted, and not
        waiting for an officer to confirm it (an unmatched row of an old snapshot)."""
        return self.alive().filter(
            status__in=lifecycle.PUBLIC_STATUSES,
            municipality__is_published=True,
            pending_confirmation=False,
        )


def _unindexed_history_fk(to, **kwargs):
    """A foreign key of an event model as pghistory copies it (no constraint, no reverse
    accessor), without the index pghistory gives every copied foreign key."""
    return models.ForeignKey(
        to,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        related_query_name="+",
        **kwargs,
    )


# Statement-level: one trigger call per statement, not per row. An import writes 17,000 assets
# in one COPY; row by row, the audit trigger was 40% of its time. Same history rows either way.
@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    model_name="AssetHistory",
    level=pghistory.Statement,
    # The history is read by asset (pgh_obj), never by place, municipality or user: the indexes
    # pghistory copies onto these columns only cost every write (two of them GiST).
    attrs={
        "municipality": _unindexed_history_fk(Municipality, verbose_name=_("municipality")),
        "location": models.PointField(
            srid=WGS84, null=True, blank=True, spatial_index=False, verbose_name=_("location")
        ),
        "parcels": models.MultiPolygonField(
            srid=WGS84, null=True, blank=True, spatial_index=False, verbose_name=_("parcels")
        ),
        "created_by": _unindexed_history_fk(
            settings.AUTH_USER_MODEL,
            null=True,
            blank=True,
            editable=False,
            verbose_name=_("created by"),
        ),
        "deleted_by": _unindexed_history_fk(
            settings.AUTH_USER_MODEL,
            null=True,
            blank=True,
            editable=False,
            verbose_name=_("deleted by"),
        ),
    },
)
class Asset(models.Model):
    class Kind(models.TextChoices):
        BUILDING_UNIT = "building_unit", _("Building unit")
        LAND = "land", _("Land")
        COMPANY = "company", _("Company")
        MOVABLE = "movable", _("Movable goods")

    class LocationPrecision(models.TextChoices):
        EXACT = "exact", _("Exact (building or parcel)")
        STREET = "street", _("Street")
        MUNICIPALITY_CENTROID = "municipality_centroid", _("Municipality centroid")
        UNKNOWN = "unknown", _("Unknown")

    class Condition(models.TextChoices):
        UNKNOWN = "unknown", _("Unknown")
        GOOD = "good", _("Good")
        NEEDS_REPAIR = "needs_repair", _("Needs repair")
        DERELICT = "derelict", _("Derelict")

    class Occupancy(models.TextChoices):
        UNKNOWN = "unknown", _("Unknown")
        VACANT = "vacant", _("Vacant")
        OCCUPIED_BY_FORMER_OWNER = "occupied_by_former_owner", _("Occupied by the former owner")
        OCCUPIED_BY_THIRD_PARTY = "occupied_by_third_party", _("Occupied by a third party")
        IN_USE = "in_use", _("In use by the concessionaire")

    class ProcedureType(models.TextChoices):
        UNKNOWN = "", _("Unknown")
        CRIMINAL = "criminal", _("Criminal proceeding")
        PREVENTION = "prevention", _("Prevention measure")

    # The fields an officer describes an asset with (not its status, reference or bookkeeping),
    # in the groups the admin shows them.
    IDENTIFICATION_FIELDS = (
        "external_source",
        "external_id",
        "kind",
        "category",
        "subcategory",
        "title",
        "description",
    )
    LOCATION_FIELDS = (
        "address",
        "location",
        "location_precision",
        "parcels",
        "cadastral_reference",
        "protected_location",
    )
    PROPERTY_FIELDS = (
        "floor_area_m2",
        "land_area_m2",
        "condition",
        "occupancy",
        "estimated_value",
        "confiscated_share",
    )
    PROCEEDING_FIELDS = ("court", "case_number", "procedure_type", "internal_notes")
    DESCRIPTIVE_FIELDS = (
        IDENTIFICATION_FIELDS + LOCATION_FIELDS + PROPERTY_FIELDS + PROCEEDING_FIELDS
    )

    # Unique by a constraint (Meta), not unique=True, which also adds a varchar_pattern_ops index
    # for LIKE 'prefix%': no query runs one (searches are icontains), every write paid for it.
    reference = models.CharField(
        max_length=40,
        editable=False,
        help_text=_("Stable public reference"),
        verbose_name=_("reference"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="assets",
        verbose_name=_("municipality"),
    )
    external_source = models.CharField(
        max_length=40,
        blank=True,
        help_text=_("Who issued the external id, e.g. ANBSC"),
        verbose_name=_("external source"),
    )
    external_id = models.CharField(
        max_length=80, blank=True, help_text=_("e.g. I-PA-123456"), verbose_name=_("external id")
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    category = models.CharField(max_length=120, blank=True, verbose_name=_("category"))
    subcategory = models.CharField(max_length=200, blank=True, verbose_name=_("subcategory"))
    title = models.CharField(
        max_length=200, blank=True, help_text=_("Short public name"), verbose_name=_("title")
    )
    description = models.TextField(
        blank=True, help_text=_("Public description"), verbose_name=_("description")
    )
    address = models.CharField(max_length=300, blank=True, verbose_name=_("address"))
    location = models.PointField(srid=WGS84, null=True, blank=True, verbose_name=_("location"))
    location_precision = models.CharField(
        max_length=30,
        choices=LocationPrecision.choices,
        default=LocationPrecision.UNKNOWN,
        verbose_name=_("location precision"),
    )
    # No query filters on parcels spatially: a GiST index on them only cost writes.
    parcels = models.MultiPolygonField(
        srid=WGS84, null=True, blank=True, spatial_index=False, verbose_name=_("parcels")
    )
    cadastral_reference = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("e.g. sheet 12, parcel 345, sub-unit 6"),
        verbose_name=_("cadastral reference"),
    )
    # Set by staff, and automatically while a live project shelters victims (reuse_projects):
    # the public sees only the municipality (assets_registry/public.py).
    protected_location = models.BooleanField(
        default=False,
        verbose_name=_("protected location"),
        help_text=_(
            "Sensitive place (e.g. a shelter): public pages, layers and exports show only its "
            "municipality, never the address, coordinates, parcels or cadastral reference"
        ),
    )
    floor_area_m2 = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        verbose_name=_("floor area (m²)"),
    )
    land_area_m2 = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        verbose_name=_("land area (m²)"),
    )
    condition = models.CharField(
        max_length=20,
        choices=Condition.choices,
        default=Condition.UNKNOWN,
        verbose_name=_("condition"),
    )
    occupancy = models.CharField(
        max_length=30,
        choices=Occupancy.choices,
        default=Occupancy.UNKNOWN,
        verbose_name=_("occupancy"),
    )
    estimated_value = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        verbose_name=_("estimated value"),
    )
    confiscated_share = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Percent of the asset confiscated; empty when not known"),
        verbose_name=_("confiscated share"),
    )
    court = models.CharField(max_length=200, blank=True, verbose_name=_("court"))
    case_number = models.CharField(max_length=100, blank=True, verbose_name=_("case number"))
    procedure_type = models.CharField(
        max_length=20,
        choices=ProcedureType.choices,
        blank=True,
        default=ProcedureType.UNKNOWN,
        verbose_name=_("procedure type"),
    )
    internal_notes = models.TextField(blank=True, verbose_name=_("internal notes"))

    # Derived from the latest StatusEvent; written only by services.asset_record_status.
    status = models.CharField(
        max_length=40, choices=lifecycle.Status.choices, editable=False, verbose_name=_("status")
    )
    # NULL: the source gave no date for the stage (the agency's files); never guessed.
    status_date = models.DateField(null=True, editable=False, verbose_name=_("status date"))
    # An asset known only from an old snapshot that matched no current asset: it stays off the
    # public pages until an officer confirms it is not a copy of one (docs/open-data.md).
    pending_confirmation = models.BooleanField(
        default=False,
        editable=False,
        verbose_name=_("pending confirmation"),
        help_text=_("Off the public pages until an officer confirms it (old snapshot rows)"),
    )

    version = models.PositiveIntegerField(default=1, editable=False, verbose_name=_("version"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    # No index on created_by and deleted_by: no query filters on them. Only deleting a user looks
    # them up, in a scan (an asset's creator also recorded its first status event, whose PROTECT
    # refuses that deletion).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_index=False,
        verbose_name=_("created by"),
    )
    deleted_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("deleted at")
    )
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_index=False,
        verbose_name=_("deleted by"),
    )
    deleted_reason = models.TextField(
        blank=True, editable=False, verbose_name=_("reason for deletion")
    )

    objects = AssetQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        permissions = [
            ("national_administrator", "Acts as national administrator for every municipality"),
        ]
        # No (municipality, status) index: the planner scanned it on status alone, for every
        # public row, beside the spatial index, making a bbox slower as the table grew
        # (bench national); the foreign key's own index serves a municipality's lists.
        indexes = [
            # Public layers, tiles and OGC items: the spatial index of the rows the public may
            # see, so a bbox reads only public points however many others the table holds.
            # An expression, because GeoDjango drops the condition of an index on a field.
            GistIndex(
                F("location"),
                condition=Q(deleted_at__isnull=True, status__in=sorted(lifecycle.PUBLIC_STATUSES)),
                name="asset_public_location",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="asset_unique_reference"),
            # Also the index of the importer's matching: its lookups say external_id <> '', so
            # the planner can use this partial index (no second, full index on the same columns).
            models.UniqueConstraint(
                fields=["external_source", "external_id"],
                condition=~Q(external_id=""),
                name="asset_unique_external_id",
            ),
            models.CheckConstraint(
                condition=Q(confiscated_share__isnull=True)
                | Q(confiscated_share__gte=0, confiscated_share__lte=100),
                name="asset_confiscated_share_percent",
            ),
        ]
        triggers = [
            # Soft delete only: a confiscated asset is a legal record.
            pgtrigger.Protect(name="asset_no_hard_delete", operation=pgtrigger.Delete),
        ]

    def __str__(self):
        return f"{self.reference} {self.title or self.get_kind_display()}".strip()

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    def clean(self):
        errors = {}
        if self.location is not None:
            errors.update(self._location_errors())
        if self.parcels is not None:
            if self.parcels.srid != WGS84:
                errors["parcels"] = _("Parcels must be in EPSG:4326 (WGS 84), not EPSG:%s.") % (
                    self.parcels.srid
                )
            elif not self.parcels.valid:
                errors["parcels"] = _("Invalid parcel geometry: %s.") % self.parcels.valid_reason
        if self.location is None and self.location_precision != self.LocationPrecision.UNKNOWN:
            errors["location_precision"] = _("A location precision needs a location.")
        if errors:
            raise ValidationError(errors)

    def _location_errors(self):
        point = self.location
        if point.srid != WGS84:
            return {
                "location": _("The location must be in EPSG:4326 (WGS 84), not EPSG:%s.")
                % point.srid
            }
        lon, lat = point.x, point.y
        if not (math.isfinite(lon) and math.isfinite(lat)):
            return {"location": _("Coordinates must be finite numbers.")}
        if not (-180 <= lon <= 180) or not (-90 <= lat <= 90):
            return {
                "location": _(
                    "Coordinates out of range: longitude %(lon)s must be within ±180 and "
                    "latitude %(lat)s within ±90 (are they swapped?)."
                )
                % {"lon": lon, "lat": lat}
            }
        if self.municipality_id and not self.municipality.boundary.covers(point):
            return {
                "location": _(
                    "The point (%(lon).6f, %(lat).6f) lies outside the boundary of "
                    "%(municipality)s."
                )
                % {"lon": lon, "lat": lat, "municipality": self.municipality.name}
            }
        return {}

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            self.version += 1
        super().save(*args, **kwargs)


class AssetIdentity(models.Model):
    """Another id a source gives the same asset: the agency's files name one company by its
    s_bene in one file and its m_bene in another (and Tuscany's file by the m_bene). The asset's
    own external_id is not repeated here. Imports match a row on any of its ids."""

    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="identities")
    source = models.CharField(max_length=40)
    identifier = models.CharField(max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "identifier"], name="asset_identity_unique_source_id"
            )
        ]

    def __str__(self):
        return f"{self.source} {self.identifier} = {self.asset_id}"


def chronology(*, latest_first=False, prefix=""):
    """order_by() arguments putting status events in the order they happened. An unknown date
    stands at the day the source listed the stage (read_on); without that, PostgreSQL would put
    the NULL dates first in a descending order and call the oldest event the latest."""
    day = Coalesce(f"{prefix}effective_date", f"{prefix}read_on")
    if latest_first:
        return [day.desc(nulls_last=True), f"-{prefix}recorded_at", f"-{prefix}id"]
    return [day.asc(nulls_first=True), f"{prefix}recorded_at", f"{prefix}id"]


@pghistory.track(
    pghistory.InsertEvent(),
    model_name="StatusEventHistory",
    level=pghistory.Statement,
    # Read by asset (Events.references), never by user: that index only cost writes.
    attrs={
        "recorded_by": _unindexed_history_fk(
            settings.AUTH_USER_MODEL, null=True, blank=True, verbose_name=_("recorded by")
        )
    },
)
class StatusEvent(models.Model):
    """One step of an asset's legal lifecycle. Append-only: corrections are new events."""

    asset = models.ForeignKey(
        Asset, on_delete=models.PROTECT, related_name="status_events", verbose_name=_("asset")
    )
    status = models.CharField(
        max_length=40, choices=lifecycle.Status.choices, verbose_name=_("status")
    )
    # NULL: the source published no date for this stage ("date not published by the source").
    effective_date = models.DateField(null=True, blank=True, verbose_name=_("effective date"))
    # The day the source listed the stage (the file's date, or the day it was read): kept apart
    # from effective_date so that it is never mistaken for the date of the stage.
    read_on = models.DateField(null=True, blank=True, verbose_name=_("read on"))
    reference = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Decree or deed reference"),
        verbose_name=_("reference"),
    )
    note = models.TextField(blank=True, verbose_name=_("note"))
    # PROTECT, not SET_NULL: the append-only trigger forbids rewriting who recorded an event.
    # No index: no query filters on it; only deleting a user looks it up (a scan).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(default=timezone.now, verbose_name=_("recorded at"))

    class Meta:
        ordering = ["asset", *chronology()]
        # No (asset, -effective_date, -recorded_at) index: every query filters on the asset, which
        # the foreign key's own index serves; none orders by those dates (see chronology()).
        triggers = [
            pgtrigger.Protect(
                name="status_event_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            ),
        ]

    def __str__(self):
        when = self.effective_date or "a date not published by the source"
        return f"{self.asset.reference}: {self.get_status_display()} on {when}"
