"""axe-core over a page (WCAG 2.1 A and AA), screenshots for docs/screenshots/, and the record of the pages checked
that the accessibility statement (/toegankelijkheid) publishes (`make screenshots` writes web/accessibility.json), and
logging in on the page; a shift's time and the reflow check the open pages' journeys share."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from tests.support import PASSWORD

AXE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                   "web", "static", "vendor", "axe-core", "axe.min.js")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"]]


def record(report_path: str, url: str, violations: int, today: dt.date) -> None:
    """Add a checked page to the report: its path with ids left out (one entry per kind of page), the number of
    violations found, the day and the axe-core version."""
    path = re.sub(r"/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "/<id>", urlsplit(url).path)
    try:
        with open(report_path, encoding="utf-8") as f:
            report = json.load(f)
    except FileNotFoundError:
        report = {"pages": {}}
    with open(os.path.join(os.path.dirname(AXE), "VERSION"), encoding="utf-8") as f:
        report["axe"] = f.read().strip().split("@")[-1]
    report["checked_on"], report["standard"] = today.isoformat(), "WCAG 2.1 A and AA"
    report["pages"][path] = max(violations, report["pages"].get(path, 0))
    report["pages"] = dict(sorted(report["pages"].items()))
    with open(report_path, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1)
        f.write("\n")


def check(page, name: str | None = None) -> None:
    """No WCAG 2.1 A/AA violation on the page as it is now; a screenshot if asked for; the page recorded for the
    accessibility statement when DOEMEE_ACCESSIBILITY_REPORT names the file."""
    violations = axe_violations(page)
    if os.environ.get("DOEMEE_ACCESSIBILITY_REPORT"):
        record(os.environ["DOEMEE_ACCESSIBILITY_REPORT"], page.url, len(violations), dt.date.today())
    assert violations == [], f"{page.url}: {violations}"
    directory = os.environ.get("DOEMEE_SCREENSHOTS")
    if name and directory:
        os.makedirs(directory, exist_ok=True)
        page.screenshot(path=os.path.join(directory, f"{name}.png"), full_page=True)


def log_in(page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the login page, as a person types it (Dutch labels)."""
    page.goto(base_url + "/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_role("button", name="Inloggen").click()


def open_menu(page) -> None:
    """On a phone the main menu folds behind "Menu" (web/static/js/app.js): open it; where it shows, nothing to do."""
    button = page.get_by_role("button", name="Menu")
    if button.count() and button.is_visible() and button.get_attribute("aria-expanded") == "false":
        button.click()


def next_tuesday_afternoon() -> dt.datetime:
    """Next week's (or this week's coming) Tuesday at 14:00 in Maassluis: a shift the open list's filters find."""
    zone = ZoneInfo("Europe/Amsterdam")
    day = dt.datetime.now(zone).date() + dt.timedelta(days=1)
    while day.weekday() != 1:
        day += dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day, 14, 0, tzinfo=zone)


def fits_320(page) -> None:
    """WCAG 1.4.10: at 320 CSS px wide the page does not scroll sideways (then back to the phone's 390 px)."""
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.url
    page.set_viewport_size({"width": 390, "height": 844})
