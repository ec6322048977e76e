"""The reuse fixtures (organisations, calls, applications, projects) for the security tests."""

from tests.reuse_projects.conftest import *  # noqa: F403
