"""Answers to reminders: what a tap on "I'm coming" or "I can't make it" does, for each kind of engagement."""
