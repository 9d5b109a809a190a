"""Build step (``make install``): the NL Design System CSS that the pages use, in one file.

The vendored ``component-library.css`` (every Utrecht component, ~400 kB) and the example theme's tokens
(``theme.css``, ~200 kB) are linked by every page, but the pages use a few dozen components. This writes
``web/static/build/nl-design-system.css`` (not committed: build output) with:

- the rules of which at least one selector uses only classes that occur in ``web/templates/**`` or
  ``web/static/js/**`` (a class built in a template, ``utrecht-button--{{ kind }}``, keeps every class with that
  prefix; a selector without a class, an element or ``:root`` rule, is kept);
- of the custom properties (design tokens), those that a kept rule, our own CSS (``web/static/css``), a template
  or a script refers to, directly or through another token;
- the licence notices of the vendored files (EUPL-1.2), whatever else is dropped.

Run ``python -m web.build_css`` (``make install`` does, when a template, a script or the vendored CSS changed;
building the wheel does too, setup.py).
A class that only appears in a database value or a Python string is not seen: write the whole class name in a
template (docs/decisions/css-subset.md).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import tinycss2

WEB = Path(__file__).resolve().parent
SOURCES = (WEB / "static/vendor/utrecht/component-library.css", WEB / "static/vendor/voorbeeld/theme.css")
OUTPUT = WEB / "static/build/nl-design-system.css"
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
# A class name cut off by a template expression (``foo--{{ kind }}``) or a script's concatenation (``"foo--" + x``).
_PREFIX = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*-)(?:\{\{|\{%|\"\s*\+|'\s*\+)")
_VAR = re.compile(r"--[A-Za-z0-9_-]+")
_BLOCK_AT_RULES = {"media", "supports", "container", "layer"}


class UsedNames:
    """Every word of the templates and scripts (a superset of the classes they use) and the cut-off prefixes."""

    def __init__(self, texts: list[str]):
        self.words: set[str] = set()
        self.prefixes: set[str] = set()
        for text in texts:
            self.words.update(_WORD.findall(text))
            self.prefixes.update(_PREFIX.findall(text))

    def has_class(self, name: str) -> bool:
        return name in self.words or any(name.startswith(prefix) for prefix in self.prefixes)


def _top_level_classes(tokens) -> list[str]:
    classes = []
    for before, token in zip(tokens, tokens[1:]):
        if before.type == "literal" and before.value == "." and token.type == "ident":
            classes.append(token.value)
    return classes


def _split_selectors(prelude) -> list[list]:
    selectors, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(current)
            current = []
        else:
            current.append(token)
    selectors.append(current)
    return selectors


def _kept_selectors(prelude, used: UsedNames) -> str:
    kept = [tinycss2.serialize(selector).strip() for selector in _split_selectors(prelude)
            if all(used.has_class(name) for name in _top_level_classes(selector))]
    return ",".join(kept)


def _declarations(rule) -> list:
    return [item for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
            if item.type in ("declaration", "qualified-rule", "at-rule")]


def select_rules(rules, used: UsedNames) -> list:
    """The rules (and at-rules' inner rules) that apply to what the pages use, as (selector, items) or at-rules."""
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selector = _kept_selectors(rule.prelude, used)
            if selector:
                kept.append((selector, _declarations(rule)))
        elif rule.type == "at-rule" and rule.lower_at_keyword in _BLOCK_AT_RULES and rule.content is not None:
            inner = select_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True),
                                 used)
            if inner:
                kept.append((rule, inner))
        elif rule.type == "at-rule" and rule.lower_at_keyword != "charset":
            kept.append(rule)  # @keyframes, @font-face, @property: small, kept whole
    return kept


def _walk_declarations(kept):
    for item in kept:
        if isinstance(item, tuple) and isinstance(item[0], str):
            yield from (d for d in item[1] if d.type == "declaration")
        elif isinstance(item, tuple):
            yield from _walk_declarations(item[1])


def needed_properties(kept, roots: set[str]) -> set[str]:
    """The custom properties referred to by the kept rules' ordinary declarations or by ``roots``, transitively."""
    references: dict[str, set[str]] = {}
    needed = set(roots)
    for declaration in _walk_declarations(kept):
        refs = set(_VAR.findall(tinycss2.serialize(declaration.value)))
        if declaration.name.startswith("--"):
            references.setdefault(declaration.name, set()).update(refs)
        else:
            needed |= refs
    todo = list(needed)
    while todo:
        for ref in references.get(todo.pop(), ()):
            if ref not in needed:
                needed.add(ref)
                todo.append(ref)
    return needed


def _serialize_items(items, needed: set[str]) -> str:
    parts = []
    for item in items:
        if item.type != "declaration":
            parts.append(item.serialize())
        elif not item.name.startswith("--") or item.name in needed:
            important = "!important" if item.important else ""
            parts.append(f"{item.name}:{tinycss2.serialize(item.value).strip()}{important}")
    return ";".join(parts)


def serialize(kept, needed: set[str]) -> str:
    out = []
    for item in kept:
        if not isinstance(item, tuple):
            out.append(item.serialize())
        elif isinstance(item[0], str):
            body = _serialize_items(item[1], needed)
            if body:
                out.append(f"{item[0]}{{{body}}}")
        else:
            at_rule, inner = item
            body = serialize(inner, needed)
            if body:
                out.append(f"@{at_rule.at_keyword} {tinycss2.serialize(at_rule.prelude).strip()}{{{body}}}")
    return "\n".join(out)


def licence_notices(css: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r"/\*\*?\s*\n?\s*\*?\s*@license.*?\*/", css, flags=re.S)))


def subset(sources: list[str], used: UsedNames, roots: set[str]) -> str:
    kept = []
    notices = []
    for css in sources:
        notices += licence_notices(css)
        kept += select_rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), used)
    header = "\n".join(dict.fromkeys(notices))
    return f"{header}\n/* Generated by web/build_css.py from the vendored NL Design System CSS: do not edit. */\n" \
           f"{serialize(kept, needed_properties(kept, roots))}\n"


def _read_all(folder: Path, suffixes: tuple[str, ...]) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*"))
            if path.suffix in suffixes and path.is_file()]


def build(output: Path = OUTPUT) -> Path:
    texts = _read_all(WEB / "templates", (".html", ".txt", ".js")) + _read_all(WEB / "static/js", (".js",))
    own_css = _read_all(WEB / "static/css", (".css",))
    roots = {name for text in texts + own_css for name in _VAR.findall(text)}
    css = subset([path.read_text(encoding="utf-8") for path in SOURCES], UsedNames(texts), roots)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(css, encoding="utf-8")
    return output


if __name__ == "__main__":
    path = build()
    print(f"{path.relative_to(WEB.parent)}: {path.stat().st_size} bytes", file=sys.stderr)
