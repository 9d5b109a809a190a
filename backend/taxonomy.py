"""The taxonomy shipped inside the package (skills, interests, languages): plain data, read once."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


def read_data(name: str) -> dict:
    """A JSON file from backend/data/."""
    return json.loads(resources.files("backend").joinpath(f"data/{name}").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def taxonomy() -> dict:
    return read_data("taxonomy.json")
