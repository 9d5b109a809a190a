"""Webhooks: endpoints that an organisation or a municipality registers, and the signed deliveries sent to them.

events.py turns changes (sign-ups, withdrawals, check-ins, approved hours, matched help requests, gift claims and
redemptions) into delivery rows in the same transaction; delivery.py sends them from the job engine's workers,
signed per the Standard Webhooks specification, with retries and backoff.
"""
