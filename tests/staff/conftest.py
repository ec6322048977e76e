# The reuse workflow's fixtures (a verified organisation and its member) serve the staff walk too.
from tests.reuse_projects.conftest import (  # noqa: F401
    application_a,
    application_b,
    member_b,
    open_call,
    organisation_a,  # noqa: F401
    organisation_b,
    palermo_asset,
    project_a,
)
