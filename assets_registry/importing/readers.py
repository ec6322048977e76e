"""Reading the rows of an uploaded or given file: CSV (any delimiter, UTF-8 or Latin-1), GeoJSON,
GeoPackage and zipped Shapefile.

Every reader yields (row number, {column: value}) with text values; spatial formats add the
feature's geometry as WKB under GEOMETRY_COLUMN. Row numbers are what a person opening the file
sees: in a spreadsheet the header is row 1, so the first data row is row 2; in a spatial file
the first feature is row 1.
"""

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pyogrio

GEOMETRY_COLUMN = "__geometry__"
SPATIAL_SUFFIXES = {".geojson", ".json", ".gpkg", ".zip", ".shp"}
# Names of real files are often long; very large cells are a sign of a broken file, not data.
csv.field_size_limit(1_000_000)


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not a row-level problem)."""


@dataclass
class Table:
    columns: list
    rows: list  # [(row number, {column: text or WKB})]
    srid: int | None = None  # declared by a spatial file; None for CSV
    encoding: str = ""
    delimiter: str = ""

    def describe(self):
        """How the file was read, for the report: a wrongly guessed encoding shows up here."""
        if self.delimiter:
            return f"CSV, {self.encoding}, delimiter {self.delimiter!r}"
        return f"spatial file, EPSG:{self.srid}" if self.srid else "spatial file, no CRS"


def read_table(path, *, delimiter=None, encoding=None):
    path = Path(path)
    if path.suffix.lower() in SPATIAL_SUFFIXES:
        return _read_spatial(path)
    return _read_csv(path, delimiter=delimiter, encoding=encoding)


def _decode(data, encoding):
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as error:
            raise ImportFileError(f"the file is not valid {encoding}: {error}") from None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        # Spreadsheets saved on Windows in Italy are Latin-1 (cp1252); every byte decodes.
        return data.decode("cp1252", errors="replace"), "latin-1"


def _read_csv(path, *, delimiter, encoding):
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"cannot read {path.name}: {error.strerror}") from None
    text, encoding = _decode(data, encoding)
    if not text.strip():
        raise ImportFileError("the file is empty")
    if delimiter is None:
        delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [name.strip() for name in next(reader)]
        rows = []
        for number, values in enumerate(reader, start=2):
            if not any(value.strip() for value in values):
                continue
            # A trailing delimiter (the Tuscany file) gives one more, empty, value: ignore it.
            rows.append((number, dict(zip(header, values, strict=False))))
    except csv.Error as error:
        raise ImportFileError(f"malformed CSV near line {reader.line_num}: {error}") from None
    if len(set(header)) != len(header):
        raise ImportFileError("the header names a column twice")
    return Table(
        columns=[c for c in header if c], rows=rows, encoding=encoding, delimiter=delimiter
    )


def _sniff_delimiter(text):
    first_line = text.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (",", ";", "|", "\t")}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        raise ImportFileError("cannot tell the delimiter: the header has a single column")
    return best


def _read_spatial(path):
    target = str(path)
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                shapefiles = [n for n in archive.namelist() if n.lower().endswith(".shp")]
        except zipfile.BadZipFile:
            raise ImportFileError("the .zip file is damaged") from None
        if len(shapefiles) != 1:
            raise ImportFileError("the .zip must hold exactly one Shapefile (.shp)")
        target = f"/vsizip/{path}/{shapefiles[0]}"
    try:
        info = pyogrio.read_info(target)
        frame = pyogrio.read_dataframe(target)
    except Exception as error:  # pyogrio raises several error types for unreadable files
        raise ImportFileError(f"cannot read {path.name}: {error}") from None
    srid = None
    if info.get("crs"):
        epsg = frame.crs.to_epsg() if frame.crs is not None else None
        if epsg is None:
            raise ImportFileError(f"the file's coordinate system has no EPSG code: {info['crs']}")
        srid = epsg
    columns = [c for c in frame.columns if c != "geometry"]
    rows = []
    for number, record in enumerate(frame.to_dict("records"), start=1):
        values = {c: _text(record[c]) for c in columns}
        geometry = record.get("geometry")
        values[GEOMETRY_COLUMN] = geometry.wkb if geometry is not None else None
        rows.append((number, values))
    return Table(columns=columns + [GEOMETRY_COLUMN], rows=rows, srid=srid)


def _text(value):
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
