"""Where a webhook may be sent (SSRF): https to hosts with public addresses only.

Checked when an endpoint is registered or changed and again before every attempt, because what a name resolves
to may change (DNS rebinding): a host that resolves to any loopback, private, link-local, reserved or multicast
address is refused. ``WEBHOOK_ALLOW_LOOPBACK`` lets tests and development use http(s)://127.0.0.1 (refused in
production by the configuration check).
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


class UnsafeUrl(ValueError):
    """Why the URL is refused: the message key of a field error."""


def _addresses(host: str, port: int) -> list:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UnsafeUrl("field.webhooks.url_unresolved") from None
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def _public(address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:10.0.0.1 is 10.0.0.1
    if mapped is not None:
        address = mapped
    return not (address.is_private or address.is_loopback or address.is_link_local or address.is_reserved
                or address.is_multicast or address.is_unspecified)


def check_url(url: str, *, allow_loopback: bool) -> None:
    """Raise UnsafeUrl unless ``url`` may receive webhooks."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        raise UnsafeUrl("field.webhooks.url_invalid") from None
    if not host or parts.scheme not in ("http", "https") or parts.username or parts.password:
        raise UnsafeUrl("field.webhooks.url_invalid")
    addresses = _addresses(host, port or (443 if parts.scheme == "https" else 80))
    if allow_loopback and host == "127.0.0.1":
        return
    if parts.scheme != "https":
        raise UnsafeUrl("field.webhooks.url_https")
    if not addresses or not all(_public(a) for a in addresses):
        raise UnsafeUrl("field.webhooks.url_private")
