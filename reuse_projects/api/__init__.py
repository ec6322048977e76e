"""REST API of the social-reuse workflow, one module per workflow (see api_urls.py): the same
access helpers and services as the pages. Explicit input serializers (what a client may send) and
output serializers (what it gets back)."""
