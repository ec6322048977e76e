"""Importing assets from a file: a dry run that reports every row, then one atomic commit.

The same function does both, so what the dry run reports is what the commit writes. Rows are
validated one by one in Python; the writes are COPY and bulk updates inside one transaction
(a killed process or a restarted database leaves nothing), with the audit context set so that
the history triggers record who imported what. Status changes are checked by
lifecycle.check_transition, the one place transitions are decided.
"""

import dataclasses
import time
from collections import Counter
from pathlib import Path

import pghistory
from django.contrib.gis.geos import MultiPolygon
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from assets_registry import lifecycle
from assets_registry.importing.bulk import copy_insert
from assets_registry.importing.readers import GEOMETRY_COLUMN, ImportFileError, read_table
from assets_registry.importing.report import (
    CREATED,
    REJECTED,
    UNCHANGED,
    UPDATED,
    ImportReport,
    RowResult,
)
from assets_registry.importing.rows import Precision, RowReader, is_known_srid
from assets_registry.importing.snapshot import match_snapshot_rows
from assets_registry.models import (
    WGS84,
    Asset,
    AssetIdentity,
    Municipality,
    StatusEvent,
    reserve_references,
)

# A file never replaces a location with a less precise one.
PRECISION_RANK = {
    Precision.UNKNOWN: 0,
    Precision.MUNICIPALITY_CENTROID: 1,
    Precision.STREET: 2,
    Precision.EXACT: 3,
}
BATCH = 1000


def assets_import(
    *,
    path,
    preset,
    by=None,
    commit=False,
    skip_bad_rows=False,
    municipalities=None,
    group_parcels=False,
    as_of=None,
    encoding=None,
    file_name=None,
    progress=None,
):
    """Read the file with the preset (or column mapping) and report what happens to each row.

    commit=False is a dry run. With commit=True and skip_bad_rows=False (all or nothing), one
    rejected row means nothing is written; with skip_bad_rows=True the good rows are written.
    municipalities, when given, limits the import to those (an officer's own).
    """
    started = time.monotonic()
    report = ImportReport(
        file_name=file_name or Path(path).name,
        preset=preset.name,
        source=preset.source,
        skip_bad_rows=skip_bad_rows,
    )
    try:
        table = read_table(path, delimiter=preset.delimiter, encoding=encoding)
    except ImportFileError as error:
        report.error = str(error)
        return report
    report.read_as = table.describe()
    if table.faults and not skip_bad_rows:
        # All or nothing: a file that cannot be read row for row is refused as a whole.
        number, fault = next(iter(table.faults.items()))
        report.error = f"the file is refused, row {number} cannot be read: {fault}"
    if GEOMETRY_COLUMN in table.columns and "geometry" not in preset.columns:
        preset = dataclasses.replace(
            preset, columns={**preset.columns, "geometry": GEOMETRY_COLUMN}
        )
    missing = preset.missing_columns(table.columns)
    if missing:
        report.error = f"column(s) not in the file: {', '.join(missing)}"
        return report
    srid = table.srid or preset.srid
    if not is_known_srid(srid):
        report.error = f"unknown coordinate system: EPSG:{srid}"
        return report
    reader = RowReader(
        preset=preset,
        srid=srid,
        as_of=as_of or preset.as_of or timezone.localdate(),
        allowed=None if municipalities is None else {m.pk for m in municipalities},
    )
    rows = table.rows if progress is None else progress(table.rows, desc="reading")
    plans = []
    for number, values in rows:
        result = RowResult(row=number)
        report.rows.append(result)
        if number in table.faults:
            result.reject("", table.faults[number])
            continue
        plan = reader.read(values, result)
        if plan is not None:
            plans.append(plan)
    if group_parcels:
        plans = _group_parcels(plans)
    _reject_repeated_ids(plans)
    read_plans = plans
    plans = [p for p in plans if p.result.outcome != REJECTED]

    if not commit:
        report.snapshot_matches = _match(plans, preset, lock=False) or {}
    else:
        try:
            with transaction.atomic():
                report.snapshot_matches = _match(plans, preset, lock=True) or {}
                if skip_bad_rows or not report.rejected_rows:
                    with pghistory.context(
                        user=by.pk if by is not None else None,
                        import_file=report.file_name,
                        import_preset=preset.name,
                    ):
                        report.status_events = _write(plans, preset.source, by)
                    report.committed = True
        except IntegrityError as error:
            # Another import created the same ids between our match and our write.
            report.committed = False
            report.error = f"the database refused the rows, nothing written (run it again): {error}"
    if not report.committed:
        report.status_events = sum(
            1 for p in plans if p.result.outcome == UPDATED and "status" in p.result.changes
        )
    _copy_group_outcomes(read_plans)
    report.seconds = time.monotonic() - started
    return report


def _group_parcels(plans):
    """Merge the parcels of one property into one asset: the file's group column, or the same
    address and proceeding. The parcels stay listed in the cadastral reference and geometry."""
    firsts, kept = {}, []
    for plan in plans:
        key = plan.group
        if not key and plan.fields.get("address") and plan.fields.get("case_number"):
            key = (plan.fields["address"].lower(), plan.fields["case_number"])
        first = firsts.get((plan.municipality.pk, key)) if key else None
        if first is None:
            if key:
                firsts[(plan.municipality.pk, key)] = plan
            kept.append(plan)
            continue
        first.parcels_of.append(plan)
        plan.result.note("", f"parcel grouped into the asset of row: {first.result.row}")
        references = [
            first.fields.get("cadastral_reference"),
            plan.fields.get("cadastral_reference"),
        ]
        merged = "; ".join(dict.fromkeys(r for r in references if r))
        if merged:
            first.fields["cadastral_reference"] = merged
        for name in ("land_area_m2", "floor_area_m2"):
            if plan.fields.get(name) is not None:
                first.fields[name] = first.fields.get(name, 0) + plan.fields[name]
        if plan.fields.get("parcels") is not None:
            union = plan.fields["parcels"]
            if first.fields.get("parcels") is not None:
                union = first.fields["parcels"].union(union)
            if not isinstance(union, MultiPolygon):
                union = MultiPolygon(union, srid=WGS84)
            first.fields["parcels"] = union
    return kept


def _reject_repeated_ids(plans):
    seen = {}
    for plan in plans:
        for identifier in plan.ids:
            first = seen.setdefault(identifier, plan.result.row)
            if first != plan.result.row:
                plan.result.reject("external_id", f"the same id is already on row: {first}")
                break


def _match(plans, preset, *, lock):
    """Find each row's asset and decide: created, updated, unchanged or rejected."""
    existing = _assets_by_id(plans, preset.source, lock=lock)
    unknown = []  # snapshot rows no import has matched yet
    for plan in plans:
        found = {}
        for identifier in plan.ids:
            if identifier in existing:
                found.setdefault(existing[identifier].pk, existing[identifier])
            else:
                plan.new_aliases.append(identifier)
        if len(found) > 1:
            named = ", ".join(f"{a.reference} ({a.external_id})" for a in found.values())
            plan.result.reject(
                "external_id",
                f"the ids of this row name several assets of the registry: {named}; "
                "merge them in the registry first",
            )
            continue
        plan.asset = next(iter(found.values()), None)
        if plan.asset is not None and plan.asset.external_source != preset.source:
            # A snapshot row recorded as the history of a current asset by an earlier import.
            plan.result.reference = plan.asset.reference
            plan.result.outcome = UNCHANGED
            plan.history = True
            continue
        if plan.asset is not None:
            plan.new_aliases = [i for i in plan.new_aliases if i != plan.asset.external_id]
            if plan.result.external_id != plan.asset.external_id or plan.new_aliases:
                ids = ", ".join(dict.fromkeys([plan.asset.external_id, *plan.ids]))
                plan.result.note("external_id", f"one asset, several ids: {ids}")
        else:
            plan.new_aliases = list(plan.aliases)
        if plan.asset is None and preset.history_of:
            unknown.append(plan)
            continue
        if plan.asset is None:
            plan.result.outcome = CREATED
            if "location" not in plan.fields:
                plan.result.note("location", "no coordinates: the municipality's point is used")
            if plan.status is None:
                plan.result.note("stage", f"{plan.stage_note}: registered as seized")
                note = f"Registered as seized: {plan.stage_note}. {plan.status_note}"
                plan.status_note = note.strip()
        else:
            if plan.status is None:
                plan.result.note("stage", f"{plan.stage_note}: status kept")
            _decide_update(plan, fills_only=preset.fills_only)
    if unknown:
        return _match_snapshot(unknown, preset, lock=lock)
    return None


def _match_snapshot(plans, preset, *, lock):
    """Match the snapshot rows no import has seen to current assets; {"matched", "unmatched"}."""
    matches, counts = match_snapshot_rows(
        plans, current_source=preset.history_of, snapshot_source=preset.source, lock=lock
    )
    for plan in plans:
        asset = matches.get(plan)
        if asset is not None:
            plan.asset, plan.history = asset, True
            plan.new_aliases = [plan.result.external_id]
            plan.result.reference = asset.reference
            plan.result.outcome = UPDATED
            plan.result.changes.append("history")
            plan.result.note(
                "external_id",
                f"snapshot row matched to the current asset: {asset.reference} "
                f"({asset.external_id}), the only one on both sides with its municipality, kind, "
                "category and sub-category; recorded as its history",
            )
            if plan.status is not None and not _history_fits(plan, asset):
                plan.result.note(
                    "stage",
                    "the snapshot's state is not recorded as history: the asset's current "
                    f"status is dated {asset.status_date}, before the snapshot",
                )
                plan.status = None
            continue
        current, rows = counts[plan]
        plan.result.outcome = CREATED
        plan.pending_confirmation = True
        plan.result.note(
            "external_id",
            "snapshot row with no confident match: kept off the public pages until an officer "
            f"confirms it ({current} current assets and {rows} snapshot rows share its "
            "municipality, kind, category and sub-category)",
        )
        if "location" not in plan.fields:
            plan.result.note("location", "no coordinates: the municipality's point is used")
        if plan.status is None:
            plan.result.note("stage", f"{plan.stage_note}: registered as seized")
            plan.status_note = f"Registered as seized: {plan.stage_note}. {plan.status_note}"
    return {"matched": len(matches), "unmatched": len(plans) - len(matches)}


def _history_fits(plan, asset):
    """The snapshot's state goes before the asset's current status in its chronology."""
    return asset.status_date is None or asset.status_date >= plan.read_on


# What matching and updating read of an asset, besides the fields the rows fill.
MATCHED_FIELDS = (
    "id",
    "reference",
    "municipality_id",
    "external_source",
    "external_id",
    "status",
    "status_date",
    "location_precision",
    "deleted_at",
    "version",
)


def _assets_by_id(plans, source, *, lock):
    """{id: Asset} for every id of the rows the registry knows: an asset's own external_id or
    another id recorded for it (AssetIdentity). Only the fields the rows fill are loaded."""
    ids = list(dict.fromkeys(i for p in plans for i in p.ids))
    owners = {}
    # One array parameter, not an IN list of thousands (slow to compose and to plan).
    # `external_id <> ''` (an empty id names no asset) lets the planner use the partial unique
    # index: from an array of over 100 ids it does not infer that condition itself.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT external_id, id FROM assets_registry_asset "
            "WHERE external_source = %s AND external_id <> '' AND external_id = ANY(%s)",
            [source, ids],
        )
        owners.update(cursor.fetchall())
        cursor.execute(
            "SELECT identifier, asset_id FROM assets_registry_assetidentity "
            "WHERE source = %s AND identifier = ANY(%s)",
            [source, ids],
        )
        owners.update(cursor.fetchall())
    if not owners:
        return {}
    filled = {name for p in plans for name in p.fields}
    assets = Asset.objects.only(*MATCHED_FIELDS, *filled).filter(
        pk__in=RawSQL("SELECT unnest(%s::bigint[])", [sorted(set(owners.values()))])
    )
    if lock:
        assets = assets.select_for_update()
    assets = {a.pk: a for a in assets}
    return {identifier: assets[pk] for identifier, pk in owners.items()}


def _decide_update(plan, *, fills_only):
    asset, result = plan.asset, plan.result
    result.reference = asset.reference
    if asset.is_deleted:
        result.reject("external_id", f"deleted in the registry: {asset.reference}")
        return
    if asset.municipality_id != plan.municipality.pk:
        result.reject(
            "municipality",
            f"belongs to another municipality (move it in the registry first): {asset.reference}",
        )
        return
    if fills_only and _changes_status(plan):
        # A complementing file (Tuscany's 2018 extract) never moves the status the other
        # source recorded, forwards or backwards: it is older. The row still fills the rest.
        result.note(
            "stage",
            f"status kept: the registry says {asset.get_status_display().lower()}, "
            f"this file {lifecycle.Status(plan.status).label.lower()}",
        )
        plan.status = None
    if _changes_status(plan):
        try:
            lifecycle.check_transition(asset.status, plan.status)
        except lifecycle.IllegalTransition as error:
            result.reject("stage", str(error))
            return
        if plan.status_date is not None:
            # After the current status: its date, or, when the source gave none, the day it was
            # listed (an earlier date would put the new stage before the current one).
            after = asset.status_date or _listed_on(asset)
            try:
                lifecycle.validate_effective_date(plan.status_date, after=after, field="stage_date")
            except ValidationError as error:
                result.reject("stage_date", f"{error.messages[0].rstrip('.')}: {plan.status_date}")
                return
        result.changes.append("status")
    fields = dict(plan.fields)
    if "location" in fields:
        new = PRECISION_RANK[fields["location_precision"]]
        current = PRECISION_RANK[asset.location_precision]
        if new < current or (fills_only and new == current):
            for name in ("location", "location_precision", "parcels"):
                fields.pop(name, None)
    if fills_only:
        fields = {
            name: value
            for name, value in fields.items()
            if name in ("location", "location_precision", "parcels")
            or getattr(asset, name) in (None, "")
        }
    result.changes += sorted(
        name for name, value in fields.items() if getattr(asset, name) != value
    )
    if plan.new_aliases:
        result.changes.append("ids")
    result.outcome = UPDATED if result.changes else UNCHANGED


def _listed_on(asset):
    """The day the source listed the asset's current, undated status (None if no event says)."""
    return (
        asset.status_events.filter(status=asset.status, effective_date__isnull=True)
        .order_by("-read_on")
        .values_list("read_on", flat=True)
        .first()
    )


def _changes_status(plan):
    return plan.asset is not None and plan.status is not None and plan.status != plan.asset.status


def _write(plans, source, by):
    """Write the matched rows in bulk. Returns the number of status events recorded."""
    created = [p for p in plans if p.result.outcome == CREATED]
    updated = [p for p in plans if p.result.outcome == UPDATED]
    by_id = by.pk if by is not None else None
    new_ids = copy_insert(Asset, _new_assets(created, source, by_id))
    owners = [(plan, asset_id) for plan, asset_id in zip(created, new_ids, strict=True)]
    owners += [(plan, plan.asset.pk) for plan in updated]
    identities = [
        {"asset_id": asset_id, "source": source, "identifier": identifier}
        for plan, asset_id in owners
        for identifier in plan.new_aliases
    ]
    copy_insert(AssetIdentity, identities)
    events = [
        _event(plan, asset_id, plan.status or lifecycle.Status.SEIZED, by_id)
        for plan, asset_id in zip(created, new_ids, strict=True)
    ]
    now = timezone.now()
    changed_fields = {"version", "updated_at"}
    for plan in updated:
        asset = plan.asset
        for name in plan.result.changes:
            if name == "ids":
                continue  # recorded above
            if name == "history":
                # The snapshot's state, before the current one: the status stays as it is.
                if plan.status is not None:
                    event = _event(plan, asset.pk, plan.status, by_id)
                    event["reference"] = ""
                    event["note"] = (
                        f"State in the snapshot of {plan.read_on.isoformat()} "
                        f"({source} row {plan.result.external_id}). {plan.status_note}"
                    )
                    events.append(event)
                continue
            if name == "status":
                events.append(_event(plan, asset.pk, plan.status, by_id))
                asset.status, asset.status_date = plan.status, plan.status_date
                changed_fields.update(("status", "status_date"))
            else:
                setattr(asset, name, plan.fields[name])
                changed_fields.add(name)
        asset.version += 1
        asset.updated_at = now
    if updated:
        Asset.objects.bulk_update(
            [p.asset for p in updated], fields=sorted(changed_fields), batch_size=BATCH
        )
    copy_insert(StatusEvent, events)
    return len(events) - len(created)


def _event(plan, asset_id, status, by_id):
    """The status event a row records, as a row for copy_insert."""
    return {
        "asset_id": asset_id,
        "status": status,
        "effective_date": plan.status_date,
        "read_on": plan.read_on,
        "reference": plan.decree_reference,
        "note": plan.status_note,
        "recorded_by_id": by_id,
    }


def _new_assets(plans, source, by_id):
    """Rows of the new assets for copy_insert, with references numbered under municipality
    locks (one statement for all the file's municipalities)."""
    counts = Counter(plan.municipality for plan in plans)
    references = {pk: iter(numbers) for pk, numbers in reserve_references(counts).items()}
    unplaced = {plan.municipality.pk for plan in plans if "location" not in plan.fields}
    points = dict(
        Municipality.objects.filter(pk__in=unplaced).values_list("pk", "representative_point")
    )
    rows = []
    for plan in plans:
        municipality = plan.municipality
        row = {
            "reference": next(references[municipality.pk]),
            "municipality_id": municipality.pk,
            "external_source": source,
            "external_id": plan.result.external_id,
            "status": plan.status or lifecycle.Status.SEIZED,
            "status_date": plan.status_date,
            "pending_confirmation": plan.pending_confirmation,
            "created_by_id": by_id,
            **plan.fields,
        }
        if "location" not in row:
            row["location"] = points[municipality.pk]
            row["location_precision"] = Precision.MUNICIPALITY_CENTROID
        plan.result.reference = row["reference"]
        rows.append(row)
    return rows


def _copy_group_outcomes(plans):
    for plan in plans:
        for parcel in plan.parcels_of:
            if plan.result.outcome == REJECTED:
                parcel.result.reject("", f"grouped with a rejected row: {plan.result.row}")
            parcel.result.outcome = plan.result.outcome
            parcel.result.reference = plan.result.reference
