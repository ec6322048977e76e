"""Findings 1 and 2 of issue 14: a damaged file is refused or its damaged rows rejected, naming the
physical line; it never rewrites good data. Each file is a damaged copy of a committed excerpt."""

from pathlib import Path

import pytest

from assets_registry.importing import PRESETS, assets_import
from assets_registry.models import Asset

pytestmark = pytest.mark.django_db

EXCERPT = Path(__file__).resolve().parents[2] / "fixtures" / "imports" / "immobili_in_gestione.csv"
PRESET = PRESETS["anbsc-immobili"]


def damaged_copy(tmp_path, damage):
    """The excerpt with `damage(lines)` applied to its physical lines (bytes, header first)."""
    lines = EXCERPT.read_bytes().splitlines(keepends=True)
    damage(lines)
    path = tmp_path / "immobili_in_gestione.csv"
    path.write_bytes(b"".join(lines))
    return path, lines


def run(path, **options):
    return assets_import(path=path, preset=PRESET, **options)


def latin1_on_line(number):
    def damage(lines):
        # One value of that line saved in Latin-1 ("Unità" as b"Unit\xe0"), the rest UTF-8.
        lines[number - 1] = lines[number - 1].replace("à".encode(), "à".encode("latin-1"), 1)

    return damage


def test_one_latin1_byte_does_not_turn_the_whole_file_into_latin1(boundaries, tmp_path):
    path, lines = damaged_copy(tmp_path, latin1_on_line(5))
    offset = sum(len(line) for line in lines[:4]) + lines[4].index(b"\xe0")

    report = run(path, commit=True, skip_bad_rows=True)

    assert "utf-8" in report.read_as
    bad = report.rows[3]
    assert (bad.row, bad.outcome) == (5, "rejected")
    assert str(bad.reasons[0]) == f"line 5, byte offset {offset}: byte 0xe0 is not utf-8"
    assert report.counts["rejected"] == 1 + len(
        [r for r in run(EXCERPT).rows if r.outcome == "rejected"]
    )
    titles = Asset.objects.values_list("category", flat=True)
    assert "Unità immobiliare per uso di abitazione e assimilabile" in titles
    assert not any("Ã" in title for title in titles)


def test_a_file_mixing_encodings_is_refused_in_all_or_nothing_mode(boundaries, tmp_path):
    path, _ = damaged_copy(tmp_path, latin1_on_line(5))

    report = run(path, commit=True)

    assert not report.committed
    assert report.error.startswith("the file is refused, row 5 cannot be read: line 5, byte")
    assert Asset.objects.count() == 0


def test_a_file_entirely_in_latin1_is_read_as_latin1(boundaries, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(EXCERPT.read_text(encoding="utf-8").encode("cp1252"))

    clean = run(EXCERPT)

    report = run(path, commit=True, skip_bad_rows=True)

    assert "latin-1" in report.read_as
    assert report.counts == clean.counts
    assert Asset.objects.filter(category__startswith="Unità").exists()


def test_an_unterminated_quote_refuses_the_file_naming_the_line(boundaries, tmp_path):
    def damage(lines):
        lines[9] = lines[9].replace(b",immobili,", b',"immobili,', 1)

    path, _ = damaged_copy(tmp_path, damage)

    report = run(path, commit=True, skip_bad_rows=True)

    assert report.error.startswith("line 10: unterminated quote, the quoted value runs over")
    assert report.read == 0
    assert Asset.objects.count() == 0


def test_a_quote_closed_rows_later_is_reported_not_merged(boundaries, tmp_path):
    def damage(lines):
        lines[9] = lines[9].replace(b",immobili,", b',"immobili,', 1)
        lines[12] = lines[12].replace(b",immobili,", b',immobili",', 1)

    path, lines = damaged_copy(tmp_path, damage)

    report = run(path, commit=True, skip_bad_rows=True)

    assert report.error == (
        "line 10: unterminated quote, the quoted value runs over line 11, which holds a row "
        "of its own; fix the quote and import again"
    )
    assert report.read == 0
    assert Asset.objects.count() == 0


def test_extra_values_are_rejected_with_the_physical_line(boundaries, tmp_path):
    def damage(lines):
        lines[5] = lines[5].replace(b"\n", b",extra\n")  # an extra value at the end
        lines[7] = lines[7].replace(b",immobili,", b",immobili,surplus,", 1)  # in the middle

    path, _ = damaged_copy(tmp_path, damage)
    clean = run(EXCERPT)

    report = run(path, skip_bad_rows=True)

    by_row = {r.row: r for r in report.rows}
    assert str(by_row[6].reasons[0]) == "line 6: 19 values for 18 columns"
    assert str(by_row[8].reasons[0]) == "line 8: 19 values for 18 columns"
    assert report.read == clean.read == len(EXCERPT.read_bytes().splitlines()) - 1


def test_a_nul_byte_rejects_its_row(boundaries, tmp_path):
    def damage(lines):
        lines[3] = lines[3].replace(b"Napoli", b"Nap\x00oli", 1)

    path, _ = damaged_copy(tmp_path, damage)

    report = run(path, skip_bad_rows=True)

    assert str(report.rows[2].reasons[0]) == "line 4: NUL byte (the file is damaged or not text)"
