"""The package's promises about itself: pure imports, public surface, working examples."""

from __future__ import annotations

import ast
import doctest
import importlib
import pathlib
import subprocess
import sys

import pytest

import matching

PACKAGE = pathlib.Path(matching.__file__).parent
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py"))


def test_matching_imports_only_numpy_scipy_and_stdlib():
    allowed = {"numpy", "scipy", "matching", "__future__"} | set(sys.stdlib_module_names)
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{path.name} imports {name}"


def test_importing_matching_loads_no_web_or_database_code():
    code = "import sys, matching; print(sorted({m.split('.')[0] for m in sys.modules}))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PACKAGE.parent).stdout
    for forbidden in ("flask", "sqlalchemy", "marshmallow", "babel"):
        assert forbidden not in loaded


def test_public_api_is_what_all_says():
    assert set(matching.__all__) == {
        "recommend", "candidates", "feasible_demands", "assign", "Volunteer", "Demand", "AvailabilityException",
        "VolunteerTable", "DemandTable", "replace_volunteers", "Weights", "DEFAULT_WEIGHTS", "Match", "Reason",
        "Assignment", "Unmatched",
        "MatchingError", "InvalidInput", "bitset", "day_slots", "weekly_availability",
    }
    for name in matching.__all__:
        assert getattr(matching, name) is not None


@pytest.mark.parametrize("module", ["__init__"] + [m for m in MODULES if m != "__init__"])
def test_docstring_examples_run(module):
    mod = matching if module == "__init__" else importlib.import_module(f"matching.{module}")
    failures, _ = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert failures == 0
