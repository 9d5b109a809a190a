"""Webhooks: endpoints that an organisation or a municipality registers, and the signed deliveries sent to them.

Database triggers (migrations/versions/0011_hooks_webhooks.py, which lists them) turn changes (sign-ups, withdrawals,
check-ins, approved hours, matched help requests, gift claims and redemptions) into delivery rows in the statement
that makes the change: no operation has to call anything, and the requests people wait for send no extra statement.
delivery.py sends them from the job engine's workers, signed per the Standard Webhooks specification, with retries
and backoff.
"""
