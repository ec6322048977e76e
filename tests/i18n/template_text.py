"""Find user-visible text in templates outside the translation tags.

Each template is lexed as Django does; text inside {% translate %}, {% blocktranslate %} and
comments is translated or hidden, every other template tag and variable becomes a placeholder.
What is left between the HTML tags, and in attributes people read (alt, title, placeholder,
aria-label, data-confirm), must hold no words, except a few symbols and names.
"""

import html
import re
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parent.parent.parent


def project_apps():
    """The project's own apps (a new app is looked at without editing this file)."""
    from django.apps import apps

    return sorted(
        Path(config.path).name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == ROOT
    )


# Not for people to read: XML for search engines.
SKIPPED = {"sitemap.xml", "sitemap_index.xml"}
# Names and symbols that are the same in every language.
ALLOWED = {
    "API",
    "CSV",
    "EUR",
    "GeoJSON",
    "GeoPackage",
    "JSON",
    "OGC",
    "PDF",
    "REST",
    "SVG",
    "m²",
    "OpenStreetMap",
    "Leaflet",
}
PLACEHOLDER = "\x00"
READ_ATTRIBUTES = re.compile(
    r"""\b(alt|title|placeholder|aria-label|data-confirm|label)\s*=\s*(["'])(.*?)\2""", re.S
)
TAG = re.compile(r"<[^>]*>", re.S)
# Code, not prose: scripts, styles, an embed snippet to copy.
HIDDEN = re.compile(r"<(script|style|code)\b.*?</\1>|<!--.*?-->", re.S | re.I)
# Blocks that hold CSS classes or JavaScript, not text.
CODE_BLOCKS = {"bodyclass", "body_class", "base_layer"}
WORD = re.compile(r"[^\W\d_][^\W_]*(?:['’][^\W\d_]+)?")


def template_files():
    for app in ("templates", *project_apps()):
        pattern = "**/*" if app == "templates" else "templates/**/*"
        for path in sorted((ROOT / app).rglob(pattern)):
            readable = path.suffix in (".html", ".txt", ".xml") and path.name not in SKIPPED
            if path.is_file() and readable:
                yield path


def without_translations(source):
    """The template with translated text removed and other tags turned into placeholders."""
    out = []
    skipping = None
    for token in Lexer(source).tokenize():
        words = token.contents.split(maxsplit=1)
        name = words[0] if words and token.token_type == TokenType.BLOCK else ""
        # Keep the line count, so that findings name the right line.
        hidden = PLACEHOLDER + "\n" * token.contents.count("\n")
        if skipping:
            if name == skipping:
                skipping = None
            out.append(hidden)
        elif token.token_type == TokenType.TEXT:
            out.append(token.contents)
        elif name in ("blocktranslate", "blocktrans", "comment"):
            skipping = "end" + name
            out.append(hidden)
        elif name == "block" and words[1].split()[0] in CODE_BLOCKS:
            skipping = "endblock"
            out.append(hidden)
        else:
            out.append(hidden)
    return "".join(out)


def words_in(text):
    text = html.unescape(text)
    return [w for w in WORD.findall(text) if w not in ALLOWED]


def untranslated_text(path):
    """[(line, words)] of the text people read in the template that is not translated."""
    source = path.read_text()
    stripped = HIDDEN.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), source)
    text = without_translations(stripped)
    found = []
    for match in READ_ATTRIBUTES.finditer(text):
        words = words_in(match.group(3).replace(PLACEHOLDER, " "))
        if words:
            found.append((_line(text, match.start()), " ".join(words)))
    outside_tags = TAG.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    for number, line in enumerate(outside_tags.splitlines(), start=1):
        words = words_in(line.replace(PLACEHOLDER, " "))
        if words:
            found.append((number, " ".join(words)))
    return found


def _line(text, offset):
    return text.count("\n", 0, offset) + 1
