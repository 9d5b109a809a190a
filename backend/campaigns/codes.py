"""Voucher and letter codes: 16 characters of Crockford's base32 (80 bits from ``secrets``), shown in groups of
four (``K7QM-2XDA-9TRB-H4WN``). Unguessable, yet easy to read aloud, type at a till and print on a letter:
no I, L, O or U, and what people type for them is mapped back."""
from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16  # 16 x 5 bits = 80 bits of entropy
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def normalise(raw: str) -> str | None:
    """What someone typed or scanned -> the stored form; None when it cannot be a code."""
    cleaned = "".join(ch for ch in raw.upper() if ch not in " -").translate(_CONFUSABLE)
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned
