"""Demo data for the social-reuse workflow (organisations, calls, applications, projects, reports).

Called by `manage.py load_demo` after the assets exist.
"""


def load_demo_reuse(*, stdout=None):
    """Nothing yet: the reuse workflow fills this in."""
