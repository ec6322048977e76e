"""Every message has a translation in every catalogue, including messages added since the
catalogues were last refreshed: the strings are extracted again from a copy of the code."""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from common.catalogues import fill, languages, read_po, untranslated
from tests.i18n.template_text import project_apps

ROOT = Path(__file__).resolve().parent.parent.parent


def fresh_extraction(tmp_path, monkeypatch, extra_files=None):
    """The committed catalogues merged with the strings of the code as it is now (plus
    `extra_files`, {path: text}, written into the copy)."""
    copy = tmp_path / "project"
    for name in ("config", "templates", *project_apps()):
        shutil.copytree(
            ROOT / name, copy / name, ignore=shutil.ignore_patterns("static", "__pycache__")
        )
    for path, text in (extra_files or {}).items():
        (copy / path).write_text(text)
    shutil.copytree(ROOT / "locale", copy / "locale", ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command(
            "makemessages",
            all=True,
            extensions=["html", "txt", "py"],
            no_obsolete=True,
            add_location="file",
            verbosity=0,
        )
    return copy / "locale"


def test_every_language_but_english_has_a_catalogue():
    assert languages() == sorted(code for code, _name in settings.LANGUAGES if code != "en")


def test_every_message_is_translated_in_every_language(tmp_path, monkeypatch):
    locale = fresh_extraction(tmp_path, monkeypatch)

    missing = {
        language: [entry.msgid for entry in entries]
        for language, entries in untranslated(locale).items()
        if entries
    }
    assert missing == {}, "run scripts/translations.py update, then translate what it lists"
    assert len(read_po(locale / "it" / "LC_MESSAGES" / "django.po")) > 500


def test_a_new_string_in_a_template_is_reported_untranslated(tmp_path, monkeypatch):
    new_page = '{% load i18n %}<p>{% translate "A sentence nobody translated" %}</p>'

    locale = fresh_extraction(
        tmp_path, monkeypatch, {"maps/templates/maps/new_page.html": new_page}
    )

    for language, entries in untranslated(locale).items():
        assert [e.msgid for e in entries] == ["A sentence nobody translated"], language


def test_fuzzy_and_empty_translations_count_as_missing_and_fill_completes_them(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Map"\nmsgstr "Mappa"\n\n'
        '#, fuzzy, python-format\n#| msgid "Old %(n)s"\n'
        'msgid "New %(n)s"\nmsgstr "Vecchio %(n)s"\n\n'
        'msgid "Empty"\nmsgstr ""\n\n'
        'msgid "%(n)s asset"\nmsgid_plural "%(n)s assets"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    assert [e.msgid for e in read_po(po) if not e.is_translated] == [
        "New %(n)s",
        "Empty",
        "%(n)s asset",
    ]

    filled = fill(
        po,
        {"New %(n)s": "Nuovo %(n)s", "Empty": "Vuoto", "%(n)s asset": ["%(n)s bene", "%(n)s beni"]},
    )

    entries = {e.msgid: e for e in read_po(po)}
    assert filled == 3
    assert all(e.is_translated for e in entries.values())
    assert entries["New %(n)s"].msgstr == {0: "Nuovo %(n)s"}
    assert entries["New %(n)s"].flags == {"python-format"}
    assert entries["%(n)s asset"].msgstr == {0: "%(n)s bene", 1: "%(n)s beni"}
