"""Result objects wrap a row and show some of its attributes under the same names, read when asked."""
from __future__ import annotations

from operator import attrgetter


def read_through(source: str, *names: str) -> tuple[property, ...]:
    """Read-only properties, one per name, each reading ``self.<source>.<name>``; in a class body:
    ``id, title = read_through("opportunity", "id", "title")``."""
    return tuple(property(attrgetter(f"{source}.{name}")) for name in names)
