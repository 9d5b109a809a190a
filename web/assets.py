"""Static files: fingerprinted URLs, kept a year by the browser, sent compressed (brotli or gzip).

``static(filename)`` (the templates' global) gives ``/static/<filename>?v=<fingerprint>``, the fingerprint a hash of
the file's content, so a URL names one version of a file and may be cached for good (``immutable``). A URL with an
older fingerprint (a page cached before a deploy) or none still answers, with the current file and a short cache.
A text file is compressed once per process and version (brotli at its best quality, gzip as the fallback) and sent
with ``Vary: Accept-Encoding``; the fingerprint is kept per file until its size or modification time changes.

Pages (and the service worker and the manifest) are compressed per answer, with gzip only: a page holds a CSRF token
and may repeat what was typed (a search), so compression could leak the token a byte at a time to someone who sees
the sizes and makes the browser ask many times (BREACH). Besides SameSite=Lax cookies, each compressed page gets
1-100 random bytes in the gzip header's file name field, so its size says little ("Heal the BREACH", as Django's
GZipMiddleware does).
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import mimetypes
import os
import secrets

import brotli
from flask import current_app, request
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/manifest+json",
                 "image/svg+xml")
_ENCODINGS = ("br", "gzip")  # in our order of preference, when the browser accepts both
_DYNAMIC = ("text/html", "text/javascript", "application/manifest+json")
_MIN_SIZE = 512  # smaller answers gain nothing


@functools.lru_cache(maxsize=256)
def _read(path: str, mtime_ns: int, size: int) -> tuple[bytes, str]:
    del mtime_ns, size  # part of the cache key only: a changed file is read again
    with open(path, "rb") as file:
        body = file.read()
    return body, hashlib.sha256(body).hexdigest()[:12]


@functools.lru_cache(maxsize=256)
def _compressed(path: str, mtime_ns: int, size: int, encoding: str) -> bytes:
    body, _ = _read(path, mtime_ns, size)
    if encoding == "br":
        return brotli.compress(body, quality=11)
    return gzip.compress(body, compresslevel=9, mtime=0)


def _file(directory: str, filename: str) -> tuple[str, int, int]:
    path = safe_join(directory, filename)
    if path is None or not os.path.isfile(path):
        raise NotFound()
    stat = os.stat(path)
    return path, stat.st_mtime_ns, stat.st_size


def fingerprint(directory: str, filename: str) -> str:
    """A short hash of the file's content: it changes when the file does."""
    return _read(*_file(directory, filename))[1]


def _encoding(mimetype: str) -> str | None:
    if not mimetype.startswith(_COMPRESSIBLE):
        return None
    accepted = [encoding for encoding in _ENCODINGS if request.accept_encodings.quality(encoding) > 0]
    return accepted[0] if accepted else None


def send(directory: str, filename: str):
    """The answer to ``/static/<filename>[?v=<fingerprint>]``: compressed when the browser accepts it, conditional."""
    key = _file(directory, filename)
    body, digest = _read(*key)
    mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    encoding = _encoding(mimetype)
    response = current_app.response_class(_compressed(*key, encoding) if encoding else body, mimetype=mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = IMMUTABLE if request.args.get("v") == digest else SHORT
    response.set_etag(f"{digest}-{encoding or 'identity'}")
    response.last_modified = key[1] / 1e9
    return response.make_conditional(request)


def _padded_gzip(body: bytes) -> bytes:
    """gzip with a random-length file name in its header (RFC 1952 FNAME: no NUL inside, one after)."""
    compressed = gzip.compress(body, compresslevel=6, mtime=0)
    header = bytearray(compressed[:10])
    header[3] |= gzip.FNAME
    name = secrets.token_hex(50)[:secrets.randbelow(100) + 1].encode()
    return bytes(header) + name + b"\0" + compressed[10:]


def _compress_page(response):
    if (response.mimetype not in _DYNAMIC or response.direct_passthrough or response.is_streamed
            or "Content-Encoding" in response.headers or "ETag" in response.headers
            or request.accept_encodings.quality("gzip") <= 0):
        return response
    body = response.get_data()
    if len(body) >= _MIN_SIZE:
        response.set_data(_padded_gzip(body))
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


def init_compression(app) -> None:
    """Registered before the page headers' hook (web.security), so that it runs after it: last, on the final body."""
    app.after_request(_compress_page)
