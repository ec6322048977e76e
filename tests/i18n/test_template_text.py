"""No template holds text people read outside the translation tags."""

from tests.i18n.template_text import ROOT, template_files, untranslated_text


def test_no_template_has_text_outside_the_translation_tags():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {words}"
        for path in template_files()
        for line, words in untranslated_text(path)
    ]
    assert found == []


def test_the_check_finds_text_and_read_attributes_and_lets_translations_and_code_pass(tmp_path):
    template = tmp_path / "page.html"
    template.write_text(
        '{% extends "base.html" %}{% load i18n %}\n'
        "{% block body_class %}wide page{% endblock %}\n"
        '<h1>{% translate "Register" %}</h1>\n'
        "<p>{% blocktranslate with city=name %}Assets of {{ city }}{% endblocktranslate %}</p>\n"
        '<img src="x.png" alt="A villa">\n'
        '<input placeholder="{% translate \'Search\' %}"> <a href="?format=csv">CSV</a>\n'
        "<p>Last changed: {{ when|date }} · {{ count }} m²</p>\n"
        "{# a comment #}<script>var x = 'not text';</script><code>&lt;iframe&gt;</code>\n"
        "{% comment %}Notes for developers{% endcomment %}\n"
    )

    assert untranslated_text(template) == [(5, "A villa"), (7, "Last changed")]


def test_every_app_is_looked_at():
    folders = {path.relative_to(ROOT).parts[0] for path in template_files()}
    assert {"templates", "maps", "open_data", "reuse_projects", "evaluation"} <= folders
