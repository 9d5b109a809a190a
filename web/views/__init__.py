"""The web blueprints. A portal adds its blueprint here (e.g. ``/organisatie``, ``/gemeente``, ``/winkel``)."""
from web.views import account, organisation, organisation_help, public, reminders

BLUEPRINTS = [public.bp, account.bp, reminders.bp, organisation.bp, organisation_help.bp]
