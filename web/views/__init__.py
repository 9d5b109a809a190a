"""The web blueprints. A portal adds its blueprint here (e.g. ``/organisatie``, ``/gemeente``, ``/winkel``)."""
from web.views import account, public, reminders

BLUEPRINTS = [public.bp, account.bp, reminders.bp]
