"""What became of one message on its way out; the relay turns these into outbox row updates."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Sent:
    note: str | None = None  # e.g. "logged" in development, "off by preference"


@dataclass(frozen=True)
class Retry:
    error: str
    retry_after: float | None = None  # seconds the provider asked us to wait


@dataclass(frozen=True)
class Failed:
    """A permanent failure (the provider refused the message itself): retrying cannot help."""

    error: str


@dataclass(frozen=True)
class Deferred:
    """Not sent yet on purpose (quiet hours); not a delivery attempt."""

    until: datetime


@dataclass(frozen=True)
class Rerouted:
    """Every device of the person turned out to be unregistered: send again at once, the next pass picks e-mail."""

    error: str


Outcome = Sent | Retry | Failed | Deferred | Rerouted
