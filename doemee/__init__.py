"""The composition root: the app factory (app.py), the WSGI entry point (wsgi.py) and the command line (cli.py).

It is the one package that names both surfaces (mobile_api/ and web/) and the core (backend/) and puts them
together; nothing imports it but the entry points (gunicorn, flask, the ``doemee`` console script) and the tests.
"""
