"""A phone number someone chose to share (a neighbour asking for help, a vacancy's contact person, a volunteer
for their coordinators): Dutch numbers only, kept in one form (+31 and the nine
digits after the leading 0) so that a tel: link works from any phone, and shown back the Dutch way (06 1234 5678).

    >>> normalise("06-12 34 56 78")
    '+31612345678'
    >>> normalise("+31 (0)10 123 4567")
    '+31101234567'
    >>> display("+31612345678")
    '06 1234 5678'
"""
from __future__ import annotations

import re

# What people type around the digits: spaces, dashes, dots, brackets; "(0)" in an international number.
_NOISE = re.compile(r"[\s\-.()/]")
_INTERNATIONAL = re.compile(r"^(?:\+|00)31")
# The nine digits after the trunk 0; they never start with 0 (06 mobiles, 010 Rotterdam, 0182 Gouda ...).
_SUBSCRIBER = re.compile(r"^[1-9][0-9]{8}$")


class NotADutchNumber(ValueError):
    pass


def normalise(value: str) -> str:
    """+31XXXXXXXXX from a Dutch number as people write it; NotADutchNumber for anything else."""
    compact = value.strip().replace("(0)", "")
    international = _INTERNATIONAL.match(compact)
    if international:
        rest = _NOISE.sub("", compact[international.end():])
        rest = rest[1:] if rest.startswith("0") else rest  # +31 06 ...: the trunk 0 written anyway
    else:
        rest = _NOISE.sub("", compact)
        if not rest.startswith("0"):
            raise NotADutchNumber(value)
        rest = rest[1:]
    if not _SUBSCRIBER.match(rest):
        raise NotADutchNumber(value)
    return "+31" + rest


def display(phone: str) -> str:
    """The stored form as Dutch people read it: 06 1234 5678 for mobiles, 0 and the digits otherwise."""
    national = "0" + phone.removeprefix("+31")
    if national.startswith("06"):
        return f"06 {national[2:6]} {national[6:]}"
    return national
