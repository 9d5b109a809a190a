"""No code of ours uses a third-party library's private names (``from x import _y``, ``import x._y``, ``x._y``):
they change without notice in any release, and the lock file would then hold us to an old one.

Our own packages may share private helpers among their modules; the standard library is left out (``sys._getframe``
is documented). A name of a library's public API that starts with an underscore by convention is allowed by name.
"""
from __future__ import annotations

import ast
import importlib.util
import sys

from tests.release.install import ROOT, tracked_files

# Public despite the underscore: werkzeug documents LocalProxy._get_current_object; namedtuple's own methods.
ALLOWED = {"_get_current_object", "_asdict", "_replace", "_fields", "_make"}


def _ours() -> set[str]:
    return {name.split("/")[0].removesuffix(".py") for name in tracked_files() if name.endswith(".py")}


def _third_party(module: str, ours: set[str]) -> bool:
    top = module.split(".")[0]
    return bool(top) and top not in ours and top not in sys.stdlib_module_names and top != "__future__"


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__")) and name not in ALLOWED


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


class _Bindings:
    """The names a file binds to third-party modules: ``modules`` (local name -> module), ``maybe`` (names bound by
    ``from x import y``: y may be a module or not, asked only when one is used with a private attribute)."""

    def __init__(self):
        self.modules: dict[str, str] = {}
        self.maybe: set[str] = set()

    def is_module(self, name: str) -> bool:
        return name in self.modules and (name not in self.maybe or _is_module(self.modules[name]))


def _import(node: ast.Import, ours: set[str], bindings: _Bindings) -> list[str]:
    found = []
    for alias in node.names:
        if _third_party(alias.name, ours):
            if any(_private(part) for part in alias.name.split(".")):
                found.append(f"{node.lineno}: import {alias.name}")
            local = alias.asname or alias.name.split(".")[0]
            bindings.modules[local] = alias.name if alias.asname else local
    return found


def _import_from(node: ast.ImportFrom, ours: set[str], bindings: _Bindings) -> list[str]:
    if node.level or not _third_party(node.module or "", ours):
        return []
    found = [f"{node.lineno}: from {node.module} import ..."] if any(
        _private(part) for part in node.module.split(".")) else []
    for alias in node.names:
        if _private(alias.name):
            found.append(f"{node.lineno}: from {node.module} import {alias.name}")
        else:
            bindings.modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            bindings.maybe.add(alias.asname or alias.name)
    return found


def _root_name(node: ast.Attribute) -> str | None:
    root = node.value
    while isinstance(root, ast.Attribute):
        root = root.value
    return root.id if isinstance(root, ast.Name) else None


def private_uses(source: str, ours: set[str]) -> list[str]:
    """``line: what`` for every use of a third-party private name in ``source``."""
    tree = ast.parse(source)
    bindings = _Bindings()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += _import(node, ours, bindings)
        elif isinstance(node, ast.ImportFrom):
            found += _import_from(node, ours, bindings)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr) and bindings.is_module(_root_name(node)):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_code_of_ours_uses_a_private_name_of_a_library():
    ours = _ours()
    offences = []
    for name in tracked_files():
        if name.endswith(".py"):
            source = (ROOT / name).read_text(encoding="utf-8")
            offences += [f"{name}:{where}" for where in private_uses(source, ours)]
    assert offences == []


def test_the_check_finds_each_way_of_reaching_a_private_name():
    ours = {"backend"}
    source = "\n".join([
        "from flask_jwt_extended.tokens import _decode_jwt",
        "from flask_sqlalchemy.session import _app_ctx_id as scope",
        "import werkzeug._internal",
        "import flask_jwt_extended.tokens as tokens",
        "from flask_jwt_extended import tokens as t2",
        "tokens._decode_jwt(1)",
        "t2._decode_jwt(2)",
        "werkzeug.serving._log('x')",
        "from backend.demo.common import _id",  # ours: fine
        "import sys; sys._getframe()",  # the standard library: fine
        "from flask import current_app; current_app._get_current_object()",  # documented: fine
    ])
    assert [line.split(":")[0] for line in private_uses(source, ours)] == ["1", "2", "3", "6", "7", "8"]
