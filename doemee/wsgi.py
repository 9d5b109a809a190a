"""WSGI entry point: ``gunicorn doemee.wsgi:app``. Never runs jobs: workers do (``flask worker``)."""
from doemee.app import create_app

app = create_app()
