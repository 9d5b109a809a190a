"""WSGI entry point: ``gunicorn backend.wsgi:app``. Never runs jobs: workers do (``flask worker``)."""
from backend.app import create_app

app = create_app()
