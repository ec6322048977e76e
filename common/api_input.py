"""The API's settings-level input classes: the JSON parser and the limit/offset pagination.

Apart from common/api.py because DRF imports these through its settings while its own modules
load: this module imports only what that allows.
"""

from rest_framework import exceptions, pagination, parsers

# Deeper than any GeoJSON the API reads (a Feature's MultiPolygon is 6 levels) with room to spare;
# far below where Python's parser or the serializers would hit the recursion limit.
MAX_JSON_DEPTH = 32


def json_depth_exceeds(data, limit=MAX_JSON_DEPTH):
    """True when lists and objects nest more than `limit` deep (checked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            if depth > limit:
                return True
            stack.extend((item, depth + 1) for item in value)
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with a 400 for absurdly nested bodies instead of a RecursionError."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
            deep = True
        else:
            deep = json_depth_exceeds(data)
        if deep:
            raise exceptions.ParseError(f"JSON nested more than {MAX_JSON_DEPTH} levels deep.")
        return data


# Paging values are bounded before they reach SQL, where a number beyond 64 bits is an error.
MAX_PAGE_SIZE = 1000
MAX_OFFSET = 10_000_000


def paging_value(request, name, *, default, minimum, maximum):
    text = request.query_params.get(name)
    if text is None or text == "":
        return default
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        raise exceptions.ValidationError(
            {name: [f"Must be an integer from {minimum} to {maximum}."]}
        )
    number = int(text)
    if not minimum <= number <= maximum:
        raise exceptions.ValidationError(
            {name: [f"Must be an integer from {minimum} to {maximum}."]}
        )
    return number


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """?limit=&offset=, refused with a 400 naming the parameter when out of range."""

    max_limit = MAX_PAGE_SIZE

    def get_limit(self, request):
        return paging_value(
            request,
            self.limit_query_param,
            default=self.default_limit,
            minimum=1,
            maximum=self.max_limit,
        )

    def get_offset(self, request):
        return paging_value(
            request, self.offset_query_param, default=0, minimum=0, maximum=MAX_OFFSET
        )
