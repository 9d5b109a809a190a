"""The public-code files are there and true: publiccode.yml against the publiccode.yml standard 0.4 (its mandatory
keys and its lists of allowed values, copied below from the standard's documentation), and against the code (the
licence of setup.cfg and LICENSE, the languages of the catalogue, the version of CHANGELOG.md); LICENSE is the
official EUPL-1.2 text, unchanged."""
import configparser
import hashlib
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.any_hour  # the same at any hour: the clock runs leave it to the real-hour run

ROOT = Path(__file__).resolve().parents[1]

# The standard's controlled vocabularies (docs/standard/schema.core.rst, categories-list.rst and scope-list.rst).
PLATFORMS = {"web", "windows", "mac", "linux", "ios", "android"}
DEVELOPMENT_STATUSES = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {"standalone/mobile", "standalone/iot", "standalone/desktop", "standalone/web", "standalone/backend",
                  "standalone/other", "addon", "library", "configurationFiles"}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}
SCOPES = {"agriculture", "culture", "defence", "education", "emergency-services", "employment", "energy",
          "environment", "finance-and-economic-development", "foreign-affairs", "healthcare", "infrastructures",
          "justice", "local-authorities", "manufacturing", "research", "science-and-technology", "security",
          "society", "sport", "tourism", "transportation", "welfare"}
CATEGORIES = set("""
    accounting agile-project-management applicant-tracking application-development appointment-scheduling backup
    billing-and-invoicing blog budgeting business-intelligence business-process-management cad call-center-management
    cloud-management collaboration communications compliance-management contact-management content-management crm
    customer-service-and-support data-analytics data-collection data-visualization design design-system
    digital-asset-management digital-citizenship document-management donor-management e-commerce e-signature
    educational-content email-management email-marketing employee-management enterprise-project-management
    enterprise-social-networking erp event-management facility-management feedback-and-reviews-management
    financial-reporting fleet-management fundraising gamification geographic-information-systems grant-management
    graphic-design help-desk hr ide identity-management instant-messaging inventory-management it-asset-management
    it-development it-management it-security it-service-management knowledge-management learning-management-system
    marketing mind-mapping mobile-marketing mobile-payment network-management office online-booking online-community
    payment-gateway payroll predictive-analysis procurement productivity-suite project-collaboration
    project-management property-management real-estate-management remote-support resource-management
    sales-management seo service-desk social-media-management survey talent-management task-management
    taxes-management test-management time-management time-tracking translation video-conferencing video-editing
    visitor-management voip warehouse-management web-collaboration web-conferencing website-builder whistleblowing
    workflow-management""".split())
MANDATORY = {"publiccodeYmlVersion", "name", "url", "platforms", "categories", "developmentStatus", "softwareType",
             "description", "legal", "maintenance", "localisation"}
# The SPDX License List's EUPL-1.2 text (npm package spdx-license-list 6.12.0, licenses/EUPL-1.2.json), as LICENSE
# holds it with one final newline.
EUPL_1_2_SHA256 = "57fb42fbcd0b037ce528ed8f72f1ec095d67bc6825ecf1448ff39be1fe68a4b4"
BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@pytest.fixture(scope="module")
def publiccode() -> dict:
    # The standard asks for YAML 1.2; the file uses nothing on which 1.1 and 1.2 differ (no yes/no, no octals).
    return yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))


def _released_versions() -> list[str]:
    return re.findall(r"^## \[(\d[^\]]*)\]", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.MULTILINE)


def test_publiccode_has_the_mandatory_keys_with_allowed_values(publiccode):
    assert MANDATORY <= publiccode.keys()
    assert publiccode["publiccodeYmlVersion"] == "0.4"
    assert re.fullmatch(r"https://\S+", publiccode["url"])
    assert publiccode["platforms"] and set(publiccode["platforms"]) <= PLATFORMS
    assert publiccode["categories"] and set(publiccode["categories"]) <= CATEGORIES
    assert set(publiccode.get("intendedAudience", {}).get("scope", [])) <= SCOPES
    assert publiccode["developmentStatus"] in DEVELOPMENT_STATUSES
    assert publiccode["softwareType"] in SOFTWARE_TYPES


def test_publiccode_describes_the_software_in_each_language(publiccode):
    descriptions = publiccode["description"]
    assert descriptions
    for language, text in descriptions.items():
        assert BCP47.match(language), language
        assert 0 < len(text["shortDescription"]) <= 150 and "\n" not in text["shortDescription"].strip()
        assert 150 <= len(text["longDescription"]) <= 10000
        assert text["features"] and all(isinstance(feature, str) and feature for feature in text["features"])
        for picture in text.get("screenshots", []):
            assert (ROOT / picture).is_file(), picture


def test_publiccode_maintenance_names_who_maintains(publiccode):
    maintenance = publiccode["maintenance"]
    assert maintenance["type"] in MAINTENANCE_TYPES
    if maintenance["type"] in ("internal", "community"):
        assert maintenance["contacts"] and all(contact["name"] for contact in maintenance["contacts"])
    if maintenance["type"] == "contract":
        assert all(c["name"] and date.fromisoformat(str(c["until"])) for c in maintenance["contractors"])


def test_publiccode_agrees_with_the_code(publiccode):
    setup = configparser.ConfigParser()
    setup.read(ROOT / "setup.cfg")
    assert publiccode["legal"]["license"] == setup["metadata"]["license"] == "EUPL-1.2"

    languages = sorted(path.parent.parent.name
                       for path in (ROOT / "backend" / "translations").glob("*/LC_MESSAGES/messages.po"))
    localisation = publiccode["localisation"]
    assert localisation["localisationReady"] is True
    assert sorted(localisation["availableLanguages"]) == languages
    assert set(publiccode["description"]) <= set(languages)

    # A version is named once it is released, with its date, as CHANGELOG.md has it.
    released = _released_versions()
    if "softwareVersion" in publiccode:
        assert released and publiccode["softwareVersion"] == released[0]
        date.fromisoformat(str(publiccode["releaseDate"]))
    else:
        assert released == [] and "releaseDate" not in publiccode


def test_the_licence_is_the_official_eupl_1_2_text():
    text = (ROOT / "LICENSE").read_bytes()
    assert text.startswith(b"EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    assert hashlib.sha256(text).hexdigest() == EUPL_1_2_SHA256


def test_the_changelog_keeps_a_changelog():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog")
    assert "https://keepachangelog.com/en/1.1.0/" in text
    unreleased = text.split("## [Unreleased]", 1)[1].split("\n## [", 1)[0]
    sections = re.findall(r"^### (\w+)$", unreleased, re.MULTILINE)
    assert sections and set(sections) <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
