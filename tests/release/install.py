"""Building DoeMee's wheel from a copy of the source and installing it into a virtualenv of its own, outside the
checkout: what an operator does with a release (the Dockerfile does the same in its two stages).

The copy holds the files git knows (tracked, or new and not ignored), so nothing built in the checkout (the compiled
catalogue, egg-info, build/) can make the wheel look complete. The new virtualenv holds the wheel and nothing else
of ours; its third-party dependencies are the ones ``make install`` locked into the test run's own virtualenv,
reached through a ``.pth`` file that lists a directory of links to them (without DoeMee's editable install), so that
the test downloads nothing. pip checks, as it installs the wheel, that they satisfy the wheel's requirements.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def tracked_files() -> list[str]:
    """The checkout's files that git knows (tracked, or new and not ignored), relative to it."""
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           check=True, capture_output=True).stdout.decode().split("\0")
    return [name for name in files if name and (ROOT / name).is_file()]


def source_copy(target: Path) -> Path:
    for name in tracked_files():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target / name)
    return target


def build_wheel(source: Path, dist: Path) -> Path:
    # No build isolation: the build requirements (pyproject.toml) are locked in the test run's virtualenv.
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(dist), str(source)], check=True, cwd=source, capture_output=True)
    (wheel,) = dist.glob("doemee-*.whl")
    return wheel


def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _dependency_links(target: Path) -> Path:
    """Links to every distribution of the test run's virtualenv except DoeMee's own (its editable install)."""
    site = Path(sysconfig.get_paths()["purelib"])
    target.mkdir()
    for entry in site.iterdir():
        if entry.name.startswith(("doemee", "__editable__")) or entry.suffix == ".pth":
            continue
        (target / entry.name).symlink_to(entry)
    return target


def new_virtualenv(target: Path, wheel: Path) -> Path:
    """A virtualenv at ``target`` with the wheel installed; returns its bin directory."""
    subprocess.run([sys.executable, "-m", "venv", str(target)], check=True, capture_output=True)
    python = target / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    links = _dependency_links(target / "dependencies")
    Path(site, "doemee-dependencies.pth").write_text(f"{links}\n", encoding="utf-8")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-index", str(wheel)], check=True,
                   capture_output=True, cwd=target, env=clean_env())
    return target / "bin"


def clean_env(**extra: str) -> dict:
    """The environment for the installed programs: nothing that would point them back at the checkout."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "FLASK_APP", "LD_PRELOAD") and not k.startswith("FAKETIME")}
    return {**env, **extra}
