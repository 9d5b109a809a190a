"""Build steps that setup.cfg cannot declare: a wheel carries what an installation needs to run and to migrate.

- The compiled catalogue: every ``backend/translations/<lang>/LC_MESSAGES/messages.po`` is compiled into its ``.mo``
  in the build directory (Babel, a build requirement in pyproject.toml); the ``.mo`` files are never committed.
- The stylesheet the pages link, ``web/static/build/nl-design-system.css``: the NL Design System CSS they use, made
  by ``web/build_css.py`` (tinycss2, a build requirement too); build output, never committed.
- The migrations: ``migrations/`` (Alembic's environment, the versions and the vendored SQL they read) goes into the
  wheel as ``doemee/migrations``, where ``doemee.app`` looks first.

An editable install (``make install``) needs none of them: it runs from the checkout, whose ``.mo`` files and
stylesheet ``make install`` makes and whose ``migrations/`` the app finds next to ``doemee/``.
"""
import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


class BuildWithCatalogueAndMigrations(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        self._compile_catalogue()
        self._build_stylesheet()
        self._copy_migrations()

    def _compile_catalogue(self):
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        source = os.path.join(HERE, "backend", "translations")
        for language in sorted(os.listdir(source)):
            po = os.path.join(source, language, "LC_MESSAGES", "messages.po")
            if not os.path.isfile(po):
                continue
            target = os.path.join(self.build_lib, "backend", "translations", language, "LC_MESSAGES", "messages.mo")
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(po, "rb") as f:
                catalog = read_po(f, locale=language)
            with open(target, "wb") as f:
                write_mo(f, catalog)

    def _build_stylesheet(self):
        # Loaded by its path: importing the package ``web`` would need Flask, which the build stage does not have.
        import importlib.util
        from pathlib import Path

        spec = importlib.util.spec_from_file_location("build_css", os.path.join(HERE, "web", "build_css.py"))
        build_css = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(build_css)
        build_css.build(Path(self.build_lib) / "web" / "static" / "build" / "nl-design-system.css")

    def _copy_migrations(self):
        target = os.path.join(self.build_lib, "doemee", "migrations")
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(os.path.join(HERE, "migrations"), target,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithCatalogueAndMigrations})
