"""The web blueprints. A portal adds its blueprint here (e.g. ``/organisatie``, ``/gemeente``, ``/winkel``)."""
from web.views import account, organisation, public, reminders

BLUEPRINTS = [public.bp, account.bp, reminders.bp, organisation.bp]
