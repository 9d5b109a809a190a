"""WSGI entry point: ``gunicorn doemee.wsgi:app``. Never starts the scheduler (that is its own process)."""
from doemee.app import create_app

app = create_app()
