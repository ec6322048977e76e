#!/usr/bin/env python3
"""The catalogues under locale/: refresh them from the code, list what is untranslated, fill them.

    scripts/translations.py update          makemessages for every language, then compilemessages
    scripts/translations.py missing [LANG]  the msgids with no translation (or a fuzzy one)
    scripts/translations.py export FILE     the same as JSON {lang: {msgid: ""}}, to fill in
                                            (a msgid with a context: "context\u0004msgid")
    scripts/translations.py fill FILE       write a filled-in JSON back (plural entries: a list),
                                            then compilemessages
Exit status 1 from `missing` when something is untranslated. English is the source language: it
has no catalogue. Run from anywhere; needs gettext (apt-get install gettext).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common.catalogues import catalogue, fill, languages, untranslated  # noqa: E402

# Folders whose strings are not for people using the site.
IGNORED = (".venv", ".local", "bench", "tests", "node_modules", "fixtures", "docs")
# Languages with a catalogue: every language of settings.LANGUAGES except the source (English).
MAKEMESSAGES = [
    "makemessages",
    "--all",
    "--no-obsolete",
    "--add-location=file",
    "--extension=html,txt,py",
    *(f"--ignore={folder}/*" for folder in IGNORED),
]


def manage(*args):
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "true")}
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, check=True)


def update():
    manage(*MAKEMESSAGES)
    manage("compilemessages", "--ignore=.venv/*")


def missing(only=None):
    found = untranslated()
    total = 0
    for language, entries in found.items():
        if only and language != only:
            continue
        for entry in entries:
            state = "fuzzy" if "fuzzy" in entry.flags else "untranslated"
            where = entry.references[0] if entry.references else ""
            print(f"{language}\t{state}\t{where}\t{entry.msgid!r}")
        total += len(entries)
    print(f"{total} untranslated message(s)", file=sys.stderr)
    return 1 if total else 0


def export(path):
    data = {
        language: {e.key: ([""] * 2 if e.msgid_plural else "") for e in entries}
        for language, entries in untranslated().items()
    }
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def fill_from(path):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    for language in languages():
        count = fill(catalogue(language), data.get(language, {}))
        print(f"{language}: {count} filled", file=sys.stderr)
    manage("compilemessages", "--ignore=.venv/*")


def main(argv):
    command = argv[1] if len(argv) > 1 else "missing"
    if command == "update":
        update()
    elif command == "missing":
        return missing(argv[2] if len(argv) > 2 else None)
    elif command == "export":
        export(argv[2])
    elif command == "fill":
        fill_from(argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
