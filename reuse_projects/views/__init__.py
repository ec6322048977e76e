"""Pages of the social-reuse workflow, one module per workflow (see urls.py). Thin: access
helpers decide who, services do the work."""
