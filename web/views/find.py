"""Open pages, no account needed and nothing personal on them: the vacancies and initiatives of the municipality
(search by place and time), each vacancy (with what search engines read: schema.org JSON-LD and Open Graph), each
organisation, a calendar entry per shift, and the sitemap and the feeds (Atom and JSON Feed) of new vacancies, so
that a library screen or a neighbourhood site can show them. Signing up asks to log in (or join) and comes back to
the vacancy."""
from __future__ import annotations

import json

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from markupsafe import Markup

from backend.engagements.calendar import build_calendar
from backend.errors import InvalidInput
from backend.models_base import utcnow
from backend.opportunities import search
from backend.opportunities.schemas import SearchInSchema
from backend.opportunities.whereabouts import Whereabouts, whereabouts_of
from backend.saved.operations import favourite_ids
from web import forms
from web.access import current_user, page
from web.labels import CATEGORIES, label
from web.themes import current_theme

bp = Blueprint("find", __name__, template_folder="../templates")

FEED_SIZE = 50


def _municipality() -> str:
    return current_app.extensions["doemee_config"]["WEB_MUNICIPALITY"]


def _public(body, mimetype: str, max_age=300):
    """The feeds, the sitemap and a calendar entry may be kept by any cache for a while: nothing personal is on
    them (a page is not: its header carries the visitor's form token)."""
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return response


@bp.route("/vacatures")
@page("public")
def index():
    data, errors = forms.load_form(SearchInSchema, form=request.args, names={"within_km": "afstand"})
    found = None
    if not errors:
        try:
            found = search.search(_municipality(), data, now=utcnow())
        except InvalidInput as exc:
            errors = forms.field_errors(exc, {"within_km": "afstand"})
    query = {k: v for k, v in request.args.items(multi=True) if k != "page"}
    saved = favourite_ids(current_user(), [item.id for item in found.items] if found else [])
    return render_template("find/index.html", data=data, errors=errors, found=found, query=query, saved=saved,
                           weekdays=request.args.getlist("weekdays")), (422 if errors else 200)


@bp.route("/vacatures/<uuid:opportunity_id>")
@page("public")
def opportunity(opportunity_id):
    found = search.open_opportunity(_municipality(), opportunity_id, now=utcnow())
    canonical = url_for("find.opportunity", opportunity_id=found.id, _external=True)
    # The meeting place (the organisation's, not a person's); the contact person is for those who sign up.
    place = whereabouts_of([found.id], with_contact=False)[found.id].place
    return render_template("find/opportunity.html", item=found, canonical=canonical, place=place,
                           json_ld=_json_ld(found, canonical), saved=favourite_ids(current_user(), [found.id]),
                           sign_up=url_for("volunteering.opportunity", opportunity_id=found.id))


def _json_ld(found: search.Found, canonical: str) -> Markup:
    """schema.org JobPosting for search engines: a volunteer job, its organisation and its area (no street)."""
    data = {"@context": "https://schema.org", "@type": "JobPosting", "title": found.title,
            "description": found.description or found.title, "employmentType": "VOLUNTEER", "url": canonical,
            "datePosted": found.published_at.date().isoformat() if found.published_at else None,
            "industry": label(CATEGORIES, found.category), "directApply": False}
    if found.organisation:
        data["hiringOrganization"] = {"@type": "Organization", "name": found.organisation}
    if found.remote:
        data["jobLocationType"] = "TELECOMMUTE"
    else:
        data["jobLocation"] = {"@type": "Place", "address": {
            "@type": "PostalAddress", "addressLocality": current_theme().name or None, "addressCountry": "NL",
            "postalCode": found.postcode4, "addressRegion": found.neighbourhood}}
    if found.next_shifts:
        data["validThrough"] = found.next_shifts[-1].ends_at.isoformat()
    text = json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False)
    # Inside <script>: "</" must not end the element early.
    return Markup(text.replace("</", "<\\/"))


@bp.route("/vacatures/<uuid:opportunity_id>/diensten/<uuid:shift_id>.ics")
@page("public")
def shift_calendar(opportunity_id, shift_id):
    """ "Zet in mijn agenda": one shift as a calendar entry."""
    found, shift = search.open_shift(_municipality(), opportunity_id, shift_id, now=utcnow())
    place = whereabouts_of([found.id], with_contact=False)[found.id].place  # the place, never the contact person
    body = build_calendar([(shift.id, found.title, shift.starts_at, shift.ends_at, Whereabouts(place, None))],
                          str(get_locale()))
    return _public(body, mimetype="text/calendar")


@bp.route("/organisaties/<uuid:organisation_id>")
@page("public")
def organisation(organisation_id):
    found = search.open_organisation(_municipality(), organisation_id, now=utcnow())
    return render_template("find/organisation.html", organisation=found)


@bp.route("/sitemap.xml")
@page("public")
def sitemap():
    urls = [url_for("public.landing", _external=True), url_for("find.index", _external=True),
            url_for("about.accessibility", _external=True), url_for("about.privacy", _external=True)]
    urls += [url_for("find.opportunity", opportunity_id=i, _external=True)
             for i in search.open_opportunity_ids(_municipality())]
    urls += [url_for("find.organisation", organisation_id=o, _external=True)
             for o in search.open_organisation_ids(_municipality())]
    return _public(render_template("find/sitemap.xml", urls=urls), mimetype="application/xml", max_age=3600)


# A person's pages: nothing for a search engine there (they ask for a login anyway).
NOT_FOR_SEARCH_ENGINES = ("/mijn", "/organisatie/", "/gemeente", "/winkel", "/berichten", "/aanbod", "/api/")


@bp.route("/robots.txt")
@page("public")
def robots():
    """Search engines may read the open pages and find them all in the sitemap."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in NOT_FOR_SEARCH_ENGINES),
             f"Sitemap: {url_for('find.sitemap', _external=True)}"]
    return _public("\n".join(lines) + "\n", mimetype="text/plain", max_age=3600)


@bp.route("/vacatures.atom")
@page("public")
def atom():
    items = search.newest(_municipality(), now=utcnow(), limit=FEED_SIZE)
    updated = max((i.published_at for i in items if i.published_at), default=utcnow())
    return _public(render_template("find/feed_atom.xml", items=items, updated=updated, title=_feed_title()),
                   mimetype="application/atom+xml")


@bp.route("/vacatures.json")
@page("public")
def json_feed():
    """JSON Feed 1.1 (jsonfeed.org) of the newest open vacancies and initiatives."""
    items = search.newest(_municipality(), now=utcnow(), limit=FEED_SIZE)
    body = {"version": "https://jsonfeed.org/version/1.1", "title": _feed_title(),
            "home_page_url": url_for("find.index", _external=True),
            "feed_url": url_for("find.json_feed", _external=True), "language": "nl",
            "items": [{"id": str(i.id), "url": url_for("find.opportunity", opportunity_id=i.id, _external=True),
                       "title": i.title, "content_text": i.description or i.title,
                       "date_published": i.published_at.isoformat() if i.published_at else None,
                       "tags": [label(CATEGORIES, i.category)]} for i in items]}
    return _public(json.dumps(body, ensure_ascii=False), mimetype="application/feed+json")


def _feed_title() -> str:
    place = current_theme().name
    return _("New volunteer work in %(place)s", place=place) if place else _("New volunteer work")
