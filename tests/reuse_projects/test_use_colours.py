"""Map colours of use categories: every category has one, and a category added without a colour
is drawn in the default grey instead of breaking the public maps."""

from reuse_projects.models import DEFAULT_USE_COLOUR, USE_COLOURS, UseCategory, use_colour


def test_every_use_category_has_a_colour():
    assert set(USE_COLOURS) == set(UseCategory.values)
    assert USE_COLOURS[UseCategory.SHELTER] == "#d62728"


def test_a_category_without_a_colour_gets_the_default():
    assert use_colour("urban_gardens") == DEFAULT_USE_COLOUR
