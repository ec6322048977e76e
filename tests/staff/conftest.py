# The reuse workflow's fixtures (a verified organisation and its member) serve the staff walk too.
from tests.reuse_projects.conftest import organisation_a  # noqa: F401
