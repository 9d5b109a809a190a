"""Every relative link of README.md, the other pages at the top (CONTRIBUTING.md, SECURITY.md, ...) and docs/**/*.md
points at a file of the repository (a clone has nothing beside it), and every #anchor at a heading of the page it
names."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.release.install import ROOT

# [text](target) and ![alt](target), not inside code; the target ends at a space (a "title") or the parenthesis.
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
PAGES = [*sorted(ROOT.glob("*.md")), *sorted((ROOT / "docs").rglob("*.md"))]


def _without_code(text: str) -> str:
    text = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    return re.sub(r"`[^`\n]*`", "", text)


def _anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    headings = re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", _without_code(page.read_text(encoding="utf-8")),
                          flags=re.MULTILINE)
    return {_anchor(h) for h in headings}


def relative_links(page: Path) -> list[str]:
    links = LINK.findall(_without_code(page.read_text(encoding="utf-8")))
    return [link for link in links if not re.match(r"^[a-z][a-z0-9+.-]*:", link, flags=re.IGNORECASE)]


def broken_links(page: Path, root: Path = ROOT) -> list[str]:
    broken = []
    for link in relative_links(page):
        path, _, anchor = link.partition("#")
        target = (page.parent / path).resolve() if path else page
        if not target.exists() or root not in (target, *target.parents):
            broken.append(link)
        elif anchor and target.suffix == ".md" and anchor not in _anchors(target):
            broken.append(link)
    return broken


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_relative_link_resolves_inside_the_repository(page):
    assert broken_links(page) == []


def test_the_pages_link_to_each_other():
    readme = relative_links(ROOT / "README.md")
    for page in ("docs/architecture.md", "docs/operations.md", "docs/design.md", "docs/style.md"):
        assert page in readme


def test_a_link_out_of_the_repository_or_to_a_missing_heading_counts_as_broken(tmp_path):
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "DESIGN.md").write_text("# Design\n", encoding="utf-8")
    (root / "docs" / "architecture.md").write_text("# The layers\n", encoding="utf-8")
    page = root / "docs" / "probe.md"
    page.write_text("# Probe\n[design](../../shared/DESIGN.md) [ok](architecture.md#the-layers) [here](#probe) "
                    "[nowhere](#no-such-heading) [gone](gone.md) `[code](x.md)`\n", encoding="utf-8")
    assert broken_links(page, root) == ["../../shared/DESIGN.md", "#no-such-heading", "gone.md"]
