"""The taxonomy shipped inside the package (skills, interests, languages): plain data, read once."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from backend.i18n import Msg


def read_data(name: str) -> dict:
    """A JSON file from backend/data/."""
    return json.loads(resources.files("backend").joinpath(f"data/{name}").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def taxonomy() -> dict:
    return read_data("taxonomy.json")


def check_codes(codes, allowed, field: str, unknown_key: str, errors: dict, *, suffix: str = "") -> None:
    """Add an error at ``field.<i><suffix>`` for every code not in ``allowed`` (message ``unknown_key``) and every
    code listed twice. The one check every list of skills, languages or interests goes through."""
    seen = set()
    for i, code in enumerate(codes):
        if code not in allowed:
            errors.setdefault(f"{field}.{i}{suffix}", []).append(Msg(unknown_key, code=code))
        elif code in seen:
            errors.setdefault(f"{field}.{i}{suffix}", []).append(Msg("field.duplicate", value=code))
        seen.add(code)
