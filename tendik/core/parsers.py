"""API request parsers (kept apart from tendik.core.api: DRF imports parsers while it builds its views)."""

from __future__ import annotations

import json
from typing import Any

from rest_framework import exceptions
from rest_framework.parsers import JSONParser


class StrictJSONParser(JSONParser):
    """JSON whose strings are all valid Unicode: a lone surrogate (\\ud800) is a 400, not a crash where the text is
    encrypted or written."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise exceptions.ParseError("The JSON holds text that is not valid Unicode.") from exc
        return data
