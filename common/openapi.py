"""OpenAPI post-processing: every operation documents the error answers it can give.

Filters and bodies are checked (400), every endpoint needs a login (401/403), a URL or a body can
name an object the user may not see, a page number can be past the last (404). Without these, a
client generated from the schema has no case for the answers it will get, and a schema check
(Schemathesis) finds them undocumented.
"""

from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

ERRORS = {
    "400": "Invalid parameter or body: the answer names each field and the reason.",
    "401": "Not authenticated.",
    "403": "Authenticated, but this role may not do this.",
    "404": "No such object among those you may see (in the URL or the body), or no such page.",
}
METHODS = ("get", "put", "post", "patch", "delete")


def document_error_responses(result, generator, request, public):
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            wanted = ["401", "403", "404"]
            if operation.get("parameters") or operation.get("requestBody") or method != "get":
                wanted.append("400")
            for code in wanted:
                responses.setdefault(code, {"description": ERRORS[code]})
    return result


class ServedSchemaGenerator(SchemaGenerator):
    """The document that /api/schema/ serves, built once per process, API version and language.

    It depends on the code only: every endpoint is shown to every caller (SERVE_PUBLIC), whatever
    their role. Building it takes about 0.3 s, which each visit to the API docs paid. The cached
    document is shared: callers must not change it (DRF's renderers only read it).
    """

    _documents = {}

    def get_schema(self, request=None, public=False):
        if not public:
            return super().get_schema(request=request, public=public)
        version = self.api_version or getattr(request, "version", None)
        key = (self.urlconf, version, translation.get_language())
        if key not in self._documents:
            self._documents[key] = super().get_schema(request=request, public=public)
        return self._documents[key]
