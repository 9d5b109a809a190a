"""The neighbour's phone number: the shared helper (backend/phone.py), which vacancy contacts use as well."""
from backend.phone import NotADutchNumber, display, normalise  # noqa: F401
