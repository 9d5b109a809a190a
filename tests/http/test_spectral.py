"""The served OpenAPI document passes the Dutch API Design Rules (Logius' Spectral ruleset, kept unchanged in
tests/http/spectral with its source) and Spectral's own oas ruleset, with no error and no warning.

Spectral (@stoplight/spectral-cli, pinned in tests/http/spectral/package.json) is installed with `npm ci` when its
node_modules is missing (from the npm cache when it holds the package)."""
import json
import os
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.any_hour  # the document does not depend on the clock

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "spectral")
LOGIUS = os.path.join(HERE, "logius-adr-ruleset.yaml")
OAS = os.path.join(HERE, "oas-ruleset.yaml")
SEVERITY = {0: "error", 1: "warning", 2: "info", 3: "hint"}


def _spectral() -> str:
    binary = os.path.join(HERE, "node_modules", ".bin", "spectral")
    if not os.path.exists(binary):
        npm = shutil.which("npm")
        assert npm, "npm is needed to install Spectral (tests/http/spectral/package.json)"
        subprocess.run([npm, "ci", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=HERE,
                       check=True, timeout=600)
    return binary


def lint(document: dict, ruleset: str, tmp_path) -> list[str]:
    """Spectral's findings on ``document``, one line each: rule, severity, where, message."""
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = subprocess.run([_spectral(), "lint", "--ruleset", ruleset, "--format", "json", "--quiet", str(path)],
                            capture_output=True, text=True, timeout=300)
    try:
        findings = json.loads(result.stdout)
    except ValueError:
        pytest.fail(f"spectral did not run (exit {result.returncode}): {result.stdout}{result.stderr}")
    return [f"{f['code']} ({SEVERITY[f['severity']]}) {'.'.join(str(p) for p in f['path'])}: {f['message']}"
            for f in findings]


def _document(client) -> dict:
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    return r.get_json()


@pytest.mark.parametrize("ruleset", [LOGIUS, OAS], ids=["logius-adr", "spectral-oas"])
def test_the_served_document_has_no_error_and_no_warning(client, tmp_path, ruleset):
    findings = lint(_document(client), ruleset, tmp_path)
    print("\n".join(findings))
    assert findings == []


def test_the_rulesets_catch_what_the_issue_found(client, tmp_path):
    """The check can fail: the defects of the document before issue 25, put back, are reported."""
    document = _document(client)
    del document["info"]["contact"]
    shifts = document["paths"]["/shifts"]["get"]
    next(p for p in shifts["parameters"] if p["name"] == "withinKm")["name"] = "within_km"
    shifts["responses"]["422"] = shifts["responses"].pop("400")
    del shifts["description"]
    document["paths"]["/calendar/{token}.ics"] = document["paths"].pop("/calendar/{token}")

    logius = lint(document, LOGIUS, tmp_path)
    assert {line.split(" ")[0] for line in logius} == {
        "info-contact", "nlgov:query-keys-camel-case", "nlgov:problem-invalid-input", "nlgov:paths-kebab-case"}
    assert any("within_km is not lower camelCase" in line for line in logius)
    oas = lint(document, OAS, tmp_path)
    assert {line.split(" ")[0] for line in oas} == {"info-contact", "operation-description"}
