"""Where a webhook may be sent (SSRF): https to hosts with public addresses only - and sent to exactly the address
that was checked.

Checked when an endpoint is registered or changed and again before every attempt. A name is resolved once per
attempt: ``checked_address`` resolves it and checks every address (any loopback, private, link-local, reserved or
multicast address refuses it), and ``post`` connects to that one checked address, with the URL's host as the HTTP
Host and as the TLS server name (SNI, and the name the certificate must carry). Without the pin, the HTTP client
would resolve the name a second time to connect, and a name that answers a public address to the check and
127.0.0.1 to the connection (DNS rebinding) would reach our own network.

``WEBHOOK_ALLOW_LOOPBACK`` lets tests and development use http(s) to 127.0.0.1 - the address itself, or a name all
of whose addresses are 127.0.0.1 (refused in production by the configuration check).
"""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter

LOOPBACK = ipaddress.ip_address("127.0.0.1")


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


def checked_address(url: str, *, allow_loopback: bool):
    """The one address ``url`` may be sent to (its host resolved once and checked), or UnsafeUrl."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        raise UnsafeUrl("field.webhooks.url_invalid") from None
    if not host or parts.scheme not in ("http", "https") or parts.username or parts.password:
        raise UnsafeUrl("field.webhooks.url_invalid")
    addresses = _addresses(host, port or (443 if parts.scheme == "https" else 80))
    if allow_loopback and addresses and all(a == LOOPBACK for a in addresses):
        return LOOPBACK
    if parts.scheme != "https":
        raise UnsafeUrl("field.webhooks.url_https")
    if not addresses or not all(_public(a) for a in addresses):
        raise UnsafeUrl("field.webhooks.url_private")
    return addresses[0]


def check_url(url: str, *, allow_loopback: bool) -> None:
    """Raise UnsafeUrl unless ``url`` may receive webhooks."""
    checked_address(url, allow_loopback=allow_loopback)


class _PinnedTLS(HTTPAdapter):
    """TLS to an address, speaking to it as ``host``: SNI and the certificate's name are the host's."""

    def __init__(self, host: str):
        self._host = host
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs):
        kwargs.update(server_hostname=self._host, assert_hostname=self._host)
        super().init_poolmanager(*args, **kwargs)


def post(url: str, address, *, data: bytes, headers: dict, timeout) -> requests.Response:
    """POST to ``url`` over a connection to ``address`` (from ``checked_address``), never to a new lookup."""
    parts = urlsplit(url)
    literal = f"[{address}]" if address.version == 6 else str(address)
    pinned = urlunsplit((parts.scheme, literal + (f":{parts.port}" if parts.port else ""), parts.path or "/",
                         parts.query, ""))
    host_header = parts.hostname + (f":{parts.port}" if parts.port else "")
    with requests.Session() as session:
        session.trust_env = False  # no proxy from the environment: the checked address is the one connected to
        session.mount("https://", _PinnedTLS(parts.hostname))
        return session.post(pinned, data=data, headers={**headers, "Host": host_header}, timeout=timeout,
                            allow_redirects=False)
