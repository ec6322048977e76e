"""Reading the rows of an uploaded or given file: CSV (any delimiter, UTF-8 or Latin-1), GeoJSON,
GeoPackage and zipped Shapefile.

Every reader yields (row number, {column: value}) with text values; spatial formats add the
feature's geometry as WKB under GEOMETRY_COLUMN. Row numbers are what a person opening the file
sees: in a spreadsheet the header is row 1, so the first data row is row 2; in a spatial file
the first feature is row 1.
"""

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

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
    # Rows that could not be read (wrong column count, undecodable byte, NUL): row -> why,
    # with the physical line. Their rows are listed with no values and rejected.
    faults: dict = field(default_factory=dict)
    lines: int = 0  # physical lines of a CSV file

    def describe(self):
        """How the file was read, for the report: a wrongly guessed encoding shows up here."""
        if self.delimiter:
            return (
                f"CSV, {self.encoding}, delimiter {self.delimiter!r}, "
                f"{len(self.rows)} row{'s' * (len(self.rows) != 1)} on {self.lines} lines"
            )
        return f"spatial file, EPSG:{self.srid}" if self.srid else "spatial file, no CRS"


def read_table(path, *, delimiter=None, encoding=None):
    path = Path(path)
    if path.suffix.lower() in SPATIAL_SUFFIXES:
        return _read_spatial(path)
    return _read_csv(path, delimiter=delimiter, encoding=encoding)


_BAD_BYTE = re.compile("[\udc80-\udcff]")  # how surrogateescape shows undecodable bytes


def _decode(data, encoding):
    """The file's text and the encoding it was read with, strictly.

    Undecodable bytes are kept as surrogates (surrogateescape) so that the rows holding them can
    be named and rejected: one stray Latin-1 byte in a UTF-8 file never turns the whole file into
    Latin-1 ("UnitÃ"). A file with no UTF-8 at all (a spreadsheet saved in Italy on Windows) is
    read as Latin-1 (cp1252) and the report says so.
    """
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ImportFileError(f"unknown encoding: {encoding}") from None
        return data.decode(encoding, errors="surrogateescape"), encoding
    text = data.decode("utf-8-sig", errors="surrogateescape")
    if _BAD_BYTE.search(text) and not any(ord(ch) > 127 for ch in _BAD_BYTE.sub("", text)):
        try:
            return data.decode("cp1252"), "latin-1"
        except UnicodeDecodeError:
            pass  # not cp1252 either: the rows with undecodable bytes are named below
    return text, "utf-8"


def _bad_byte_problem(line, line_number, line_offset, encoding):
    """'line 12, byte offset 3456: byte 0xe0 is not utf-8', for the line's first bad byte."""
    position = _BAD_BYTE.search(line).start()
    offset = line_offset + len(line[:position].encode(encoding, errors="surrogateescape"))
    byte = ord(line[position]) - 0xDC00
    return f"line {line_number}, byte offset {offset}: byte 0x{byte:02x} is not {encoding}"


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
    lines = io.StringIO(text, newline="").readlines()
    # Most files have no undecodable or NUL byte: their rows are not searched one by one.
    bad_bytes = _BAD_BYTE.search(text) is not None
    nul_bytes = "\x00" in text
    # Byte offset of each physical line, for the report of undecodable bytes.
    offsets, offset = [], 3 if data.startswith(codecs.BOM_UTF8) else 0
    for line in lines if bad_bytes else ():
        offsets.append(offset)
        offset += len(line.encode(encoding, errors="surrogateescape"))
    reader = csv.reader(iter(lines), delimiter=delimiter)
    try:
        header = [name.strip() for name in next(reader)]
    except csv.Error as error:
        raise ImportFileError(f"malformed CSV header on line 1: {error}") from None
    if len(set(header)) != len(header):
        raise ImportFileError("the header names a column twice")
    table = Table(columns=[c for c in header if c], rows=[], encoding=encoding, delimiter=delimiter)
    first_line = reader.line_num + 1
    number = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ImportFileError(f"malformed CSV on line {reader.line_num}: {error}") from None
        number += 1
        last_line = reader.line_num
        if last_line > first_line:
            _check_quoted_newlines(values, header, delimiter, first_line, last_line)
        fault = _structural_fault(values, header, first_line, nul_bytes=nul_bytes)
        if fault is None and bad_bytes:
            for line_number in range(first_line, last_line + 1):
                if _BAD_BYTE.search(lines[line_number - 1]):
                    fault = _bad_byte_problem(
                        lines[line_number - 1], line_number, offsets[line_number - 1], encoding
                    )
                    break
        first_line = last_line + 1
        if fault is None and not any(value.strip() for value in values):
            continue
        if fault is not None:
            table.faults[number] = fault
            table.rows.append((number, {}))
        else:
            table.rows.append((number, dict(zip(header, values, strict=True))))
    table.lines = len(lines)
    return table


def _check_quoted_newlines(values, header, delimiter, first_line, last_line):
    """A quoted value may hold newlines (an address over two lines); one holding whole rows, or
    leaving the record with the wrong number of values, is a quote never closed where it should
    have been. The rows it swallowed cannot be told apart: the file is refused."""
    swallowed = len(values) != len(header) or any(
        inner.count(delimiter) >= len(header) - 1
        for value in values
        for inner in value.splitlines()[1:]
    )
    if swallowed:
        if last_line == first_line + 1:
            span = f"line {last_line}, which holds a row of its own"
        else:
            span = f"lines {first_line + 1}–{last_line}, which hold rows of their own"
        raise ImportFileError(
            f"line {first_line}: unterminated quote, the quoted value runs over {span}; "
            "fix the quote and import again"
        )


def _structural_fault(values, header, first_line, *, nul_bytes=True):
    """Why a record cannot be a row of the file, naming its physical line; None if it can."""
    if not values or (len(values) == 1 and not values[0].strip()):
        return None  # an empty line
    if nul_bytes and any("\x00" in value for value in values):
        return f"line {first_line}: NUL byte (the file is damaged or not text)"
    if len(values) != len(header):
        return f"line {first_line}: {len(values)} values for {len(header)} columns"
    return None


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
    # Imported here: pyogrio brings pandas and geopandas (0.3 s), which every process loading the
    # URLs paid, though only spatial imports need them.
    import pyogrio

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
