"""Read and fill the gettext catalogues under locale/ (scripts/translations.py, the i18n tests).

A small reader for the .po files makemessages writes: one entry per block between blank lines,
with msgctxt, msgid, msgid_plural, msgstr or msgstr[n], flags (#, fuzzy); obsolete entries (#~)
and the header (empty msgid) are left out.
"""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale"

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$')


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict = field(default_factory=dict)  # {form: text}; form 0 when not plural
    flags: set = field(default_factory=set)
    references: list = field(default_factory=list)

    @property
    def key(self):
        """How translations name the entry: the msgid, after its context and \x04 if it has one
        (gettext's own convention)."""
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid

    @property
    def is_translated(self):
        return bool(self.msgstr) and all(self.msgstr.values()) and "fuzzy" not in self.flags


def parse_entry(block):
    """The entry of one block of a .po file, or None for the header or an obsolete entry."""
    entry = Entry()
    current = None  # (attribute, form) that a continuation line extends
    for line in block.splitlines():
        line = line.strip()
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#:"):
            entry.references += line[2:].split()
        elif line.startswith("#"):
            continue
        elif match := _KEYWORD.match(line):
            keyword, form, text = match.groups()
            value = ast.literal_eval(text)
            if keyword == "msgstr":
                current = ("msgstr", int(form or 0))
                entry.msgstr[current[1]] = value
            else:
                current = (keyword, None)
                setattr(entry, keyword, value)
        elif line.startswith('"') and current:
            value = ast.literal_eval(line)
            name, form = current
            if name == "msgstr":
                entry.msgstr[form] += value
            else:
                setattr(entry, name, getattr(entry, name) + value)
    return entry if entry.msgid else None


def _blocks(path):
    return Path(path).read_text(encoding="utf-8").split("\n\n")


def read_po(path):
    return [entry for block in _blocks(path) if (entry := parse_entry(block))]


def catalogue(language, locale=LOCALE):
    return Path(locale) / language / "LC_MESSAGES" / "django.po"


def languages(locale=LOCALE):
    return sorted(p.parent.parent.name for p in Path(locale).glob("*/LC_MESSAGES/django.po"))


def untranslated(locale=LOCALE):
    """{language: [entries with no translation, or only a fuzzy one]} for every catalogue."""
    return {
        language: [e for e in read_po(catalogue(language, locale)) if not e.is_translated]
        for language in languages(locale)
    }


def _quote(text):
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{text}"'


def fill(path, translations):
    """Write translations into a .po file: {Entry.key: text, or [form0, form1, ...] for a plural
    entry}. Fills only empty or fuzzy entries (a reviewed translation is kept) and drops their
    fuzzy flag. Returns how many entries it filled."""
    blocks = _blocks(path)
    filled = 0
    for number, block in enumerate(blocks):
        entry = parse_entry(block)
        if entry is None or entry.is_translated or entry.key not in translations:
            continue
        value = translations[entry.key]
        forms = value if isinstance(value, list) else [value]
        if not forms or not all(forms):
            continue
        lines = []
        in_msgstr = False
        for line in block.splitlines():
            if line.startswith("msgstr"):
                in_msgstr = True
                continue
            if in_msgstr and line.startswith('"'):
                continue
            in_msgstr = False
            if line.startswith("#| "):
                continue  # the old msgid of a fuzzy match
            if line.startswith("#,"):
                flags = [f.strip() for f in line[2:].split(",") if f.strip() != "fuzzy"]
                if flags:
                    lines.append("#, " + ", ".join(flags))
                continue
            lines.append(line)
        if entry.msgid_plural:
            for form in range(max(len(entry.msgstr), 2)):
                lines.append(f"msgstr[{form}] {_quote(forms[min(form, len(forms) - 1)])}")
        else:
            lines.append(f"msgstr {_quote(forms[0])}")
        blocks[number] = "\n".join(lines)
        filled += 1
    Path(path).write_text("\n\n".join(blocks), encoding="utf-8")
    return filled
