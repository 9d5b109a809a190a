"""Scheduled jobs: definitions as data (definitions.py), idempotent job functions, the scheduler runner."""
