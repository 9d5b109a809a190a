"""Every web action has an API twin: what a person can do on a page, another system can do through the API.

The web's actions are read from the app's URL map, not from a list kept by hand: every web route that accepts a
POST, and every GET page that loads a search form through ``load_form`` (the open search /vacatures). Each must be
in TWINS, with the API routes that call the same operation, or in WEB_ONLY, with the reason it has none. A new
POST route without either fails here.

Where the web view reads its form through ``load_form`` (itself or through a helper of web/), the schema it loads
must be the one an API twin loads (or one the API's derives from, e.g. with camelCase query keys): one input
contract, two surfaces. The rows of tests/test_input_contract.py (which compare what both refuse, field by field)
must agree with this table.
"""
from __future__ import annotations

import ast
import inspect
import textwrap
import uuid
from collections import defaultdict

import pytest
from flask import Blueprint

from tests import test_input_contract

API = "/api/v1"

# web action ("METHOD rule" as in the URL map) -> its API twins ("METHOD rule"); any of them does what it does
TWINS: dict[str, tuple[str, ...]] = {
    # joining, logging in, the account
    "POST /meedoen": ("POST /api/v1/auth/register",),
    "POST /inloggen": ("POST /api/v1/auth/login",),
    "POST /mijn/wachtwoord": ("POST /api/v1/auth/password",),
    "POST /wachtwoord-vergeten": ("POST /api/v1/auth/password-reset",),
    "POST /reset": ("POST /api/v1/auth/password-reset/confirm",),
    "POST /mijn/gegevens/verwijderen": ("DELETE /api/v1/me",),
    "POST /mijn/profiel/<step>": ("PATCH /api/v1/me/profile",),
    "POST /mijn/meldingen": ("PUT /api/v1/me/notification-preferences",),
    "POST /mijn/meldingen/deze-telefoon": ("POST /api/v1/me/devices",),
    "POST /mijn/meldingen/telefoons/<uuid:device_id>/verwijderen": ("DELETE /api/v1/me/devices/<uuid:device_id>",),
    "POST /mijn/nog-beschikbaar": ("POST /api/v1/me/availability-check",),
    "POST /mijn/agenda": ("POST /api/v1/me/calendar-feed", "DELETE /api/v1/me/calendar-feed"),
    "POST /reminders/<token>/coming": ("POST /api/v1/reminders/<token>/coming",),
    "POST /reminders/<token>/cant-make-it": ("POST /api/v1/reminders/<token>/cant-make-it",),
    # volunteering
    "GET /vacatures": ("GET /api/v1/opportunities/search",),
    "POST /diensten/<uuid:shift_id>/aanmelden": ("POST /api/v1/shifts/<uuid:shift_id>/signups",),
    "POST /mijn/inzet/<uuid:engagement_id>/afmelden": ("POST /api/v1/engagements/<uuid:engagement_id>/withdraw",),
    "POST /mijn/inzet/<uuid:engagement_id>/contact": ("PUT /api/v1/engagements/<uuid:engagement_id>/contact",),
    "POST /mijn/inzet/<uuid:engagement_id>/inchecken": ("POST /api/v1/shifts/<uuid:shift_id>/checkin",),
    "POST /mijn/inzet/<uuid:engagement_id>/uitnodiging": ("POST /api/v1/engagements/<uuid:engagement_id>/accept",
                                                          "POST /api/v1/engagements/<uuid:engagement_id>/decline"),
    "POST /mijn/bedankt/<uuid:campaign_id>/kies": ("POST /api/v1/campaigns/<uuid:campaign_id>/claims",),
    "POST /hulpvragen/<uuid:help_request_id>/aanbieden": (
        "POST /api/v1/help-requests/<uuid:help_request_id>/offers",),
    "POST /hulpvragen/<uuid:help_request_id>/intrekken": (
        "POST /api/v1/help-requests/<uuid:help_request_id>/offers/<uuid:engagement_id>/withdraw",),
    # asking for help
    "POST /mijn/hulpvragen/aanzetten": ("POST /api/v1/me/roles",),
    "POST /mijn/hulpvragen/nieuw": ("POST /api/v1/help-requests",),
    "POST /mijn/hulpvragen/<request_id>/aanbod/<offer_id>/kiezen": (
        "POST /api/v1/help-requests/<uuid:help_request_id>/offers/<uuid:engagement_id>/accept",),
    "POST /mijn/hulpvragen/<request_id>/bedanken": (
        "POST /api/v1/help-requests/<uuid:help_request_id>/close-with-thanks",),
    "POST /mijn/hulpvragen/<request_id>/intrekken": ("POST /api/v1/help-requests/<uuid:help_request_id>/cancel",),
    # messages
    "POST /berichten/vacature/<subject_id>": ("POST /api/v1/conversations/vacancies/<uuid:opportunity_id>/messages",),
    "POST /berichten/dienst/<subject_id>": ("POST /api/v1/conversations/shifts/<uuid:shift_id>/messages",),
    "POST /berichten/hulp/<subject_id>": (
        "POST /api/v1/conversations/help-requests/<uuid:help_request_id>/messages",),
    "POST /berichten/<thread_id>": ("POST /api/v1/conversations/<uuid:thread_id>/messages",),
    "POST /berichten/<thread_id>/<message_id>": (
        "POST /api/v1/conversations/<uuid:thread_id>/messages/<uuid:message_id>/report",
        "POST /api/v1/conversations/<uuid:thread_id>/messages/<uuid:message_id>/block-sender"),
    "POST /berichten/<thread_id>/deblokkeren/<user_id>": ("POST /api/v1/conversations/blocked/<uuid:user_id>/unblock",),
    # organisations and their coordinators
    "POST /organisatie/nieuw": ("POST /api/v1/organisations",),
    "POST /organisatie/<org_id>/profiel": ("PUT /api/v1/organisations/<uuid:organisation_id>/profile",),
    "POST /organisatie/<org_id>/coordinatoren": ("POST /api/v1/organisations/<uuid:organisation_id>/coordinators",),
    "POST /organisatie/<org_id>/coordinatoren/<user_id>/verwijderen": (
        "DELETE /api/v1/organisations/<uuid:organisation_id>/coordinators/<uuid:user_id>",),
    "POST /organisatie/<org_id>/uitnodiging": (
        "POST /api/v1/organisations/<uuid:organisation_id>/coordinators/me/accept",),
    "POST /organisatie/<org_id>/uren": ("POST /api/v1/organisations/<uuid:organisation_id>/waiting-hours/approval",),
    "POST /organisatie/<org_id>/vacatures/nieuw": ("POST /api/v1/organisations/<uuid:organisation_id>/opportunities",),
    "POST /organisatie/vacatures/<opp_id>/bewerken": ("PATCH /api/v1/opportunities/<uuid:opportunity_id>",),
    "POST /organisatie/vacatures/<opp_id>/status": ("POST /api/v1/opportunities/<uuid:opportunity_id>/publish",
                                                   "POST /api/v1/opportunities/<uuid:opportunity_id>/pause",
                                                   "POST /api/v1/opportunities/<uuid:opportunity_id>/fill",
                                                   "POST /api/v1/opportunities/<uuid:opportunity_id>/close"),
    "POST /organisatie/vacatures/<opp_id>/diensten": ("POST /api/v1/opportunities/<uuid:opportunity_id>/shifts",),
    "POST /organisatie/diensten/<shift_id>/annuleren": ("POST /api/v1/shifts/<uuid:shift_id>/cancel",),
    "POST /organisatie/diensten/<shift_id>/capaciteit": ("PATCH /api/v1/shifts/<uuid:shift_id>",),
    "POST /organisatie/diensten/<shift_id>/uitnodigen": ("POST /api/v1/shifts/<uuid:shift_id>/invitations",),
    "POST /organisatie/diensten/<shift_id>/uren": ("POST /api/v1/shifts/<uuid:shift_id>/hours-approval",),
    "POST /organisatie/deelnames/<engagement_id>/aanwezig": (
        "POST /api/v1/engagements/<uuid:engagement_id>/door-check-in",),
    "POST /organisatie/deelnames/<engagement_id>/niet-gekomen": (
        "POST /api/v1/engagements/<uuid:engagement_id>/no-show",),
    "POST /organisatie/hulpvragen/aanmelden": ("POST /api/v1/intermediary-applications",),
    "POST /organisatie/hulpvragen/nieuw": ("POST /api/v1/help-requests",),
    "POST /organisatie/hulpvragen/<request_id>/aanbod/<offer_id>/accepteren": (
        "POST /api/v1/help-requests/<uuid:help_request_id>/offers/<uuid:engagement_id>/accept",),
    "POST /organisatie/hulpvragen/<request_id>/sluiten": ("POST /api/v1/help-requests/<uuid:help_request_id>/cancel",),
    # municipality staff: verification, roles, neighbourhoods
    "POST /gemeente/verificatie/<kind>/<item_id>/goedkeuren": (
        "PUT /api/v1/organisations/<uuid:organisation_id>/verification",
        "POST /api/v1/merchants/<uuid:merchant_id>/verification",
        "POST /api/v1/intermediary-applications/<uuid:application_id>/approval"),
    "POST /gemeente/verificatie/<kind>/<item_id>/afwijzen": (
        "POST /api/v1/organisations/<uuid:organisation_id>/rejection",
        "POST /api/v1/merchants/<uuid:merchant_id>/rejection",
        "POST /api/v1/intermediary-applications/<uuid:application_id>/rejection"),
    "POST /gemeente/rollen/medewerkers": ("POST /api/v1/municipalities/<slug>/staff",),
    "POST /gemeente/rollen/medewerkers/<user_id>/intrekken": ("DELETE /api/v1/municipalities/<slug>/staff/<uuid:user_id>",),
    "POST /gemeente/rollen/winkels/<merchant_id>": ("POST /api/v1/merchants/<uuid:merchant_id>/staff",),
    "POST /gemeente/rollen/winkels/<merchant_id>/<user_id>/intrekken": (
        "DELETE /api/v1/merchants/<uuid:merchant_id>/staff/<uuid:user_id>",),
    "POST /gemeente/wijken/<hood_slug>": ("PATCH /api/v1/municipalities/<slug>/neighbourhoods/<hood>",),
    # municipality staff: the dashboard's figures (one area filter for the pages and the API) and their CSV
    "GET /gemeente": ("GET /api/v1/reports/funnel", "GET /api/v1/reports/new-volunteers", "GET /api/v1/reports/demand",
                      "GET /api/v1/reports/hours"),
    "GET /gemeente/export/<name>.csv": ("GET /api/v1/reports/funnel", "GET /api/v1/reports/new-volunteers",
                                        "GET /api/v1/reports/demand", "GET /api/v1/reports/hours"),
    # municipality staff: the thank-you campaign
    "POST /gemeente/acties/nieuw": ("POST /api/v1/campaigns",),
    "POST /gemeente/acties/<uuid:campaign_id>/wijzigen": ("PATCH /api/v1/campaigns/<uuid:campaign_id>",),
    "POST /gemeente/acties/<uuid:campaign_id>/winkels": ("POST /api/v1/campaigns/<uuid:campaign_id>/shops",),
    "POST /gemeente/acties/<uuid:campaign_id>/cadeaus/<uuid:gift_id>/goedkeuren": (
        "POST /api/v1/gifts/<uuid:gift_id>/approval",),
    "POST /gemeente/acties/<uuid:campaign_id>/cadeaus/<uuid:gift_id>/afwijzen": (
        "POST /api/v1/gifts/<uuid:gift_id>/rejection",),
    "POST /gemeente/acties/<uuid:campaign_id>/openen": ("POST /api/v1/campaigns/<uuid:campaign_id>/opening",),
    "POST /gemeente/acties/<uuid:campaign_id>/sluiten": ("POST /api/v1/campaigns/<uuid:campaign_id>/closing",),
    "POST /gemeente/acties/<uuid:campaign_id>/herinneren": ("POST /api/v1/campaigns/<uuid:campaign_id>/reminders",),
    "POST /gemeente/acties/<uuid:campaign_id>/annuleren": ("POST /api/v1/campaigns/<uuid:campaign_id>/cancellation",),
    "POST /gemeente/acties/<uuid:campaign_id>/brieven": ("POST /api/v1/campaigns/<uuid:campaign_id>/letter-codes",),
    "POST /gemeente/acties/<uuid:campaign_id>/brieven.pdf": ("POST /api/v1/campaigns/<uuid:campaign_id>/files",),
    "POST /gemeente/acties/<uuid:campaign_id>/brieven.csv": ("POST /api/v1/campaigns/<uuid:campaign_id>/files",),
    "POST /gemeente/acties/<uuid:campaign_id>/balie": ("POST /api/v1/campaigns/<uuid:campaign_id>/desk-checks",
                                                       "POST /api/v1/campaigns/<uuid:campaign_id>/desk-redemptions"),
    # shops
    "POST /winkel/cadeaus/<uuid:campaign_id>/<uuid:merchant_id>/nieuw": (
        "POST /api/v1/campaigns/<uuid:campaign_id>/gifts",),
    "POST /winkel/cadeau/<uuid:gift_id>": ("PATCH /api/v1/gifts/<uuid:gift_id>",),
    "POST /winkel/inwisselen": ("POST /api/v1/merchant/redemptions",),
    # favourites and saved searches with their alerts
    "POST /mijn/bewaard": ("POST /api/v1/me/favourites",),
    "POST /mijn/bewaard/<uuid:opportunity_id>/weg": ("DELETE /api/v1/me/favourites/<uuid:opportunity_id>",),
    "POST /mijn/zoekopdrachten/nieuw": ("POST /api/v1/me/saved-searches",),
    "POST /mijn/zoekopdrachten/<uuid:search_id>": ("PATCH /api/v1/me/saved-searches/<uuid:search_id>",),
    "POST /mijn/zoekopdrachten/<uuid:search_id>/verwijderen": ("DELETE /api/v1/me/saved-searches/<uuid:search_id>",),
    "POST /zoekopdracht/stop/<token>": ("POST /api/v1/saved-searches/stop/<token>",),
}

WEB_ONLY: dict[str, str] = {
    "POST /taal": "the language of the pages' session; an API client sends Accept-Language with each request",
    "POST /uitloggen": "ends the browser's session cookie; an API client drops its tokens (POST /auth/logout "
                       "revokes the refresh token, which the web session does not have)",
    "POST /inloggen/sso/<uuid:provider_id>": "single sign-on is a browser's redirect flow through the municipality's "
                                             "identity provider, ending in the web session's cookie; an app logs in "
                                             "with POST /auth/login (web.views.sso)",
}


# Where the reader of load_form calls (below) sees more than the action loads: the reason.
SCHEMA_NOTES: dict[str, str] = {
    "POST /gemeente/acties/<uuid:campaign_id>/wijzigen": "web.campaign_forms.read_campaign loads CampaignInSchema "
    "for a new campaign only; a change loads CampaignPatchSchema, the API's PATCH's (passed in a variable)",
}


def _rule_name(method: str, rule) -> str:
    return f"{method} {rule.rule}"


def web_actions(app) -> dict[str, str]:
    """The web's actions by "METHOD rule": every route outside the API that takes a POST, and every GET page that
    loads a form (a search) through load_form -> its endpoint."""
    found = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(API) or rule.endpoint == "static":
            continue
        if "POST" in rule.methods:
            found[_rule_name("POST", rule)] = rule.endpoint
        elif "GET" in rule.methods and loaded_schemas(app.view_functions[rule.endpoint]):
            found[_rule_name("GET", rule)] = rule.endpoint
    return found


def unlisted(app) -> set[str]:
    return set(web_actions(app)) - set(TWINS) - set(WEB_ONLY)


def _called(node: ast.Call, scope: dict):
    """The object a call calls (``name(...)`` or ``module.name(...)``), when it is a global of the function."""
    func = node.func
    if isinstance(func, ast.Name):
        return scope.get(func.id)
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        module = scope.get(func.value.id)
        return getattr(module, func.attr, None) if inspect.ismodule(module) else None
    return None


def loaded_schemas(view, depth: int = 2) -> set[type]:
    """The schema classes a web view loads its form with through load_form: in the view itself or in the helpers
    of web/ it calls (``depth`` levels down). A schema passed in a variable is not seen."""
    function = inspect.unwrap(view)
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError):
        return set()
    scope = function.__globals__
    schemas: set[type] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        target = _called(node, scope)
        if getattr(target, "__name__", "") == "load_form" and node.args:
            first = node.args[0]
            schema = _called(first, scope) if isinstance(first, ast.Call) else (
                scope.get(first.id) if isinstance(first, ast.Name) else None)
            if isinstance(schema, type):
                schemas.add(schema)
        elif depth and inspect.isfunction(target) and target.__module__.startswith("web."):
            schemas |= loaded_schemas(target, depth - 1)
    return schemas


def api_schemas(app, endpoint: str) -> set[type]:
    """The schema classes an API view loads its arguments with (flask-smorest's record of @blp.arguments)."""
    arguments = getattr(app.view_functions[endpoint], "_apidoc", {}).get("arguments", {})
    return {type(parameter["schema"]) for parameter in arguments.get("parameters", [])}


def _api_rules(app) -> dict[str, str]:
    return {_rule_name(method, rule): rule.endpoint for rule in app.url_map.iter_rules()
            if rule.rule.startswith(API) for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_every_web_action_has_an_api_twin_or_a_reason(app):
    assert unlisted(app) == set(), "a web action without an API twin: add it to TWINS, or to WEB_ONLY with a reason"


def test_the_table_names_real_routes(app):
    actions, api = web_actions(app), _api_rules(app)
    assert set(TWINS) - set(actions) == set(), "TWINS names a web action that is not in the URL map"
    assert set(WEB_ONLY) - set(actions) == set()
    assert set(TWINS) & set(WEB_ONLY) == set()
    assert {twin for twins in TWINS.values() for twin in twins} - set(api) == set(), "no such API route"
    assert all(reason.strip() for reason in WEB_ONLY.values())


@pytest.mark.parametrize("action", sorted(TWINS))
def test_the_web_and_its_twin_load_the_same_schema(app, action):
    """Where the page loads its form through load_form, an API twin loads the same schema, or one of its family:
    the API's with camelCase query keys (a subclass), or the page's full form of a PATCH (the page shows every
    field, so it requires what the PATCH leaves out)."""
    if action in SCHEMA_NOTES:
        pytest.skip(SCHEMA_NOTES[action])
    endpoint = web_actions(app)[action]
    web = loaded_schemas(app.view_functions[endpoint])
    api_rules = _api_rules(app)
    api = set().union(*(api_schemas(app, api_rules[twin]) for twin in TWINS[action]))
    assert {schema for schema in web
            if not any(issubclass(loaded, schema) or issubclass(schema, loaded) for loaded in api)} == set(), (
        f"{action} loads {web}, its API twins {api}")


def test_the_schema_reader_sees_forms_loaded_by_helpers(app):
    """The check above can fail: it sees load_form in the view and in the helpers of web/ the view calls."""
    from backend.campaigns.schemas import CampaignInSchema
    from backend.opportunities.schemas import SearchInSchema
    from backend.organisations.schemas import DecisionReasonSchema

    actions = web_actions(app)
    views = app.view_functions
    assert loaded_schemas(views[actions["GET /vacatures"]]) == {SearchInSchema}
    assert CampaignInSchema in loaded_schemas(views[actions["POST /gemeente/acties/nieuw"]])  # web.campaign_forms
    assert DecisionReasonSchema in loaded_schemas(  # web.review
        views[actions["POST /gemeente/verificatie/<kind>/<item_id>/afwijzen"]])
    assert loaded_schemas(views[actions["POST /taal"]]) == set()


def test_a_new_post_route_without_a_twin_is_found():
    """A throwaway page with a POST action, on an app of its own: the walk finds it unlisted."""
    from doemee.app import create_app
    from tests.conftest import PG_URL, app_config

    other = create_app(app_config(PG_URL))
    page = Blueprint("throwaway", __name__)
    page.add_url_rule("/proef/doen", "act", lambda: "", methods=["POST"])
    page.add_url_rule("/proef/lezen", "read", lambda: "")  # a GET without a form is no action
    other.register_blueprint(page)
    assert unlisted(other) == {"POST /proef/doen"}


def _match(app, method: str, path: str) -> str:
    """The rule of the URL map that answers ``path``, its placeholders ({org}) filled with an id."""
    filled = path.format_map(defaultdict(lambda: str(uuid.uuid4())))
    rule, _args = app.url_map.bind("localhost").match(filled.split("?")[0], method=method, return_rule=True)
    return _rule_name(method, rule)


@pytest.mark.parametrize("twin", test_input_contract.TWINS, ids=[t.name for t in test_input_contract.TWINS])
def test_the_input_contract_rows_agree_with_this_table(app, twin):
    """The pairs whose refusals tests/test_input_contract.py compares are pairs of this table."""
    web = _match(app, twin.web_method, twin.web_path)
    api = _match(app, twin.api_method, twin.api_path)
    assert api in TWINS[web]
