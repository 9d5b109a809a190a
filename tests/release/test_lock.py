"""The lock files: every dependency pinned with its hashes; the direct ones still declared, pinned, in setup.cfg and
locked at that version; the image (runtime.txt) runs the versions the tests ran (dev.txt); `make install`, the
Dockerfile and the wheel's build use them."""
from __future__ import annotations

import configparser
import re

import pytest

from tests.release.install import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(path: str) -> dict[str, str]:
    """name -> version of a pip-compile lock file; fails on an entry without hashes."""
    text = (ROOT / path).read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 1)[1] if text.startswith("#") else text)
    pins = {}
    for entry in entries:
        match = PIN.match(entry)
        if match:
            assert "--hash=sha256:" in entry, f"{path}: {match.group(1)} has no hash"
            pins[_name(match.group(1))] = match.group(2)
    return pins


def _declared() -> tuple[dict[str, str], dict[str, str]]:
    """(install_requires, extras) of setup.cfg as name -> pinned version."""
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")

    def pins(block: str) -> dict[str, str]:
        found = {}
        for line in filter(None, (line.strip() for line in block.splitlines())):
            match = PIN.match(line)
            assert match, f"setup.cfg: {line!r} is not pinned (name==version)"
            found[_name(match.group(1))] = match.group(2)
        return found

    extras = {}
    for block in cfg["options.extras_require"].values():
        extras.update(pins(block))
    return pins(cfg["options"]["install_requires"]), extras


def test_every_direct_dependency_is_declared_pinned_and_locked_at_that_version():
    runtime, extras = _declared()
    runtime_lock, dev_lock = locked("requirements/runtime.txt"), locked("requirements/dev.txt")
    assert len(runtime) > 30 and len(runtime_lock) > len(runtime)
    assert {name: runtime_lock.get(name) for name in runtime} == runtime
    assert {name: dev_lock.get(name) for name in {**runtime, **extras}} == {**runtime, **extras}


def test_the_image_runs_the_versions_the_tests_ran():
    dev_lock = locked("requirements/dev.txt")
    runtime_lock = locked("requirements/runtime.txt")
    assert {name: dev_lock.get(name) for name in runtime_lock} == runtime_lock
    build_lock = locked("requirements/build.txt")
    assert {"setuptools", "wheel", "babel"} <= set(build_lock)
    assert {name: dev_lock.get(name) for name in build_lock} == build_lock  # the wheel test builds with dev.txt


def test_make_install_and_the_image_install_from_the_lock_files_with_hashes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes -r requirements/dev.txt" in makefile
    assert "pip install --quiet --no-deps --no-build-isolation -e ." in makefile
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements/build.txt" in dockerfile
    assert "COPY requirements/runtime.txt /opt/doemee/requirements.txt" in dockerfile


def test_a_lock_entry_without_hashes_is_refused(tmp_path, monkeypatch):
    import tests.release.test_lock as this

    (tmp_path / "requirements").mkdir()
    (tmp_path / "requirements" / "x.txt").write_text("# header\nflask==3.1.3\n    # via doemee\n", encoding="utf-8")
    monkeypatch.setattr(this, "ROOT", tmp_path)
    with pytest.raises(AssertionError, match="flask has no hash"):
        locked("requirements/x.txt")
