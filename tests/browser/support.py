"""axe-core over a page (WCAG 2.1 A and AA), screenshots for docs/screenshots/, and logging in on the page."""
from __future__ import annotations

import os

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


def check(page, name: str | None = None) -> None:
    """No WCAG 2.1 A/AA violation on the page as it is now; a screenshot if asked for."""
    violations = axe_violations(page)
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
