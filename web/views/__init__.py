"""The web blueprints. A portal adds its blueprint here (e.g. ``/organisatie``, ``/gemeente``, ``/winkel``)."""
from web.views import about, account, find, public, reminders
from web.views import asking, helping, mine, phone_push, profile, volunteering
from web.views import municipality, municipality_admin, municipality_roles, shop
from web.views import campaign_letters, campaigns, shop_gifts
from web.views import organisation, organisation_help
from web.views import conversations
from web.views import saved
from web.views import sso
from web.views import organisation_shifts, organisation_vacancies  # noqa: F401 (their routes, on organisation.bp)
from web.views import organisation_hours  # noqa: F401 (its routes, on organisation.bp)

BLUEPRINTS = [public.bp, about.bp, find.bp, account.bp, reminders.bp]
# The volunteer's app (phone first): profile; for you, opportunities, sign-ups, engagements, appreciation.
BLUEPRINTS += [profile.bp, volunteering.bp, helping.bp, mine.bp]
# Web push on this phone (the offer after a sign-up, removing a phone in the notification settings).
BLUEPRINTS += [phone_push.bp]
# The shop's till page (/winkel) and the municipality's dashboard (/gemeente) with its staff pages (verification,
# neighbourhoods, roles).
BLUEPRINTS += [shop.bp, municipality.bp, municipality_admin.bp, municipality_roles.bp]
# The thank-you campaign: staff run it (/gemeente/acties), shops offer their gifts (/winkel/cadeaus).
BLUEPRINTS += [campaigns.bp, campaign_letters.bp, shop_gifts.bp]
# The organisation portal (/organisatie): coordinators' organisations and intermediaries' help requests.
BLUEPRINTS += [organisation.bp, organisation_help.bp]
# Residents ask for help themselves (/mijn/hulpvragen): the form, their requests, the offers, thanks.
BLUEPRINTS += [asking.bp]
# Conversations (/berichten): volunteers, coordinators and neighbours; reported ones for staff (/gemeente/berichten).
BLUEPRINTS += [conversations.bp]
# Favourites and saved searches with their alerts (/mijn/bewaard), and an alert's stop link.
BLUEPRINTS += [saved.bp]
# Logging in with the municipality's own identity provider (single sign-on; web-only, see its module).
BLUEPRINTS += [sso.bp]
