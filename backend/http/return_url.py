"""Where a page may send the browser back to (the login's ``next``, the language switch's ``next``): a path on this
site and nothing else, so that no link of ours can carry a person to another site after they signed in.

A path, checked twice: as it came and once more percent-decoded, because browsers remove tabs and line breaks from
a URL before they read it (``/\\t/evil.example/`` is read as ``//evil.example/``, a link to another host), treat a
backslash as a slash, and a line break in a Location header is refused by the server anyway (500). So: it starts
with one ``/``, not ``//`` nor ``/\\``; no backslash; no control or other invisible character (only printable text,
space included); no scheme or host when parsed; and the same again after decoding ``%09``, ``%0A``, ``%2F`` and the
like.
"""
from __future__ import annotations

from urllib.parse import unquote, urlsplit

MAX_LENGTH = 2000


def _plain_path(target: str) -> bool:
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    if not target.isprintable():
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_return_path(target: str | None, default: str) -> str:
    """``target`` when it is a path on this site, else ``default``."""
    if not target or len(target) > MAX_LENGTH:
        return default
    if _plain_path(target) and _plain_path(unquote(target)):
        return target
    return default
