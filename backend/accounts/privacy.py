"""The privacy statement the app shows before sign-up; its version is recorded with each consent."""
import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def current_statement() -> dict:
    return json.loads(resources.files("backend").joinpath("data/privacy.json").read_text(encoding="utf-8"))
