"""Exports of filtered asset and project lists as CSV, GeoJSON and GeoPackage.

CSV and GeoJSON stream from a server-side cursor, so a national export never sits in memory;
GeoPackage is written by pyogrio to a temporary file (the format needs random access).
"""

import csv
import datetime
import json
import os
import tempfile
from decimal import Decimal

import shapely
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse

from assets_registry.importing.values import spreadsheet_safe

CHUNK = 2000
FORMATS = ("csv", "geojson", "gpkg")


class Export:
    """Rows to export: `rows` yields dicts of `columns`, plus a GEOS point under "geometry"
    unless has_geometry is False. `features_query`, (sql, params) giving one GeoJSON Feature text
    per row, lets PostGIS write the GeoJSON export (public layers build theirs this way)."""

    def __init__(
        self, name, columns, rows, *, has_geometry=True, features_query=None, headings=None
    ):
        self.name = name
        self.columns = columns
        # The CSV header row: the column keys unless the export is meant for people.
        self.headings = headings or columns
        self.rows = rows
        self.has_geometry = has_geometry
        self.features_query = features_query

    def response(self, file_format):
        return {"csv": csv_response, "geojson": geojson_response, "gpkg": geopackage_response}[
            file_format
        ](self)


class _Line:
    """A file-like object that hands back what csv.writer writes."""

    def write(self, text):
        return text


def csv_response(export):
    writer = csv.writer(_Line())

    def lines():
        coordinates = ["longitude", "latitude"] if export.has_geometry else []
        yield writer.writerow([*export.headings, *coordinates])
        for row in export.rows:
            values = [spreadsheet_safe(_text(row[c])) for c in export.columns]
            if export.has_geometry:
                point = row["geometry"]
                values += [point.x, point.y] if point is not None else ["", ""]
            yield writer.writerow(values)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.name}.csv"'
    return response


def geojson_response(export):
    if export.features_query is not None:
        return _geojson_file(export.name, _features_from_sql(*export.features_query))

    def features():
        for row in export.rows:
            geometry = row["geometry"]
            feature = {
                "type": "Feature",
                "geometry": json.loads(geometry.json) if geometry is not None else None,
                "properties": {c: row[c] for c in export.columns},
            }
            yield json.dumps(feature, default=_json_value, ensure_ascii=False)

    return _geojson_file(export.name, features())


def _features_from_sql(sql, params):
    # A server-side cursor, as QuerySet.iterator() uses: a national export never sits in memory.
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            for (feature,) in rows:
                yield feature


def _geojson_file(name, features):
    def chunks():
        yield '{"type":"FeatureCollection","features":['
        separator = ""
        for feature in features:
            yield separator + feature
            separator = ","
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="{name}.geojson"'
    return response


def geopackage_response(export):
    # Imported here: geopandas, pandas and pyogrio take 0.4 s to load, which every process loading
    # the URLs paid; only this export needs them.
    import geopandas
    import pyogrio

    records, shapes = [], []
    for row in export.rows:
        records.append({c: _gpkg_value(row[c]) for c in export.columns})
        geometry = row["geometry"]
        shapes.append(shapely.from_wkb(bytes(geometry.wkb)) if geometry is not None else None)
    frame = geopandas.GeoDataFrame(
        records, columns=list(export.columns), geometry=shapes, crs="EPSG:4326"
    )
    handle, path = tempfile.mkstemp(suffix=".gpkg")
    os.close(handle)
    try:
        pyogrio.write_dataframe(frame, path, driver="GPKG", layer=export.name.replace("-", "_"))
        # Unlinked once open: the file goes away when the response is closed.
        response = FileResponse(
            open(path, "rb"),  # noqa: SIM115
            as_attachment=True,
            filename=f"{export.name}.gpkg",
            content_type="application/geopackage+sqlite3",
        )
    finally:
        os.unlink(path)
    return response


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def _gpkg_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value
