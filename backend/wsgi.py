"""WSGI entry point: ``gunicorn backend.wsgi:app``. Never starts the scheduler (that is its own process)."""
from backend.app import create_app

app = create_app()
