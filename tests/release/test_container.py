"""The image and the compose file run what the wheel test runs (Docker cannot run here, so their text is checked):
the same entry commands (tests/release/processes.py), only the settings of README's table, the processes and
services of docs/operations.md, a non-root user, a read-only file system but for the data volume, a healthcheck."""
from __future__ import annotations

import json
import re

import pytest
import yaml

from tests.release.install import ROOT
from tests.release.processes import ENTRY_COMMANDS

SETTING = re.compile(r"\bDOEMEE_[A-Z0-9_]+")


def _dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) of the Dockerfile, continuation lines joined, comments left out."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in joined.splitlines() if line.strip()]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def _readme_settings() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| (DOEMEE_[A-Z0-9_]+) \|", readme, flags=re.MULTILINE))


def _served(command: list[str]) -> list[str]:
    """The web command with what the wheel test adds (where to listen) taken off; the bind must be reachable."""
    assert command[-2] == "--bind" and command[-1].startswith("0.0.0.0:"), command
    return command[:-2]


def test_the_image_is_multi_stage_from_the_wheel_non_root_with_a_healthcheck_and_serves_by_default():
    instructions = _dockerfile()
    stages = [args for kind, args in instructions if kind == "FROM"]
    assert len(stages) == 2 and stages[0].endswith(" AS build")
    runtime = instructions[[i for i, (kind, _) in enumerate(instructions) if kind == "FROM"][1]:]
    assert any(kind == "COPY" and args.startswith("--from=build /dist/") for kind, args in runtime)
    assert any(kind == "RUN" and "--require-hashes -r /opt/doemee/requirements.txt" in args for kind, args in runtime)
    assert any(kind == "RUN" and "pip install" in args and "doemee-*.whl" in args for kind, args in runtime)
    users = [args for kind, args in runtime if kind == "USER"]
    assert users == ["doemee"]
    assert [args for kind, args in runtime if kind == "VOLUME"] == ['["/data"]']
    (healthcheck,) = [args for kind, args in runtime if kind == "HEALTHCHECK"]
    assert "http://127.0.0.1:8000/health/live" in healthcheck
    (cmd,) = [json.loads(args) for kind, args in runtime if kind == "CMD"]
    assert _served(cmd) == ENTRY_COMMANDS["web"]


def test_compose_runs_migrate_once_then_web_and_worker_with_the_wheel_tests_commands():
    services = _compose()["services"]
    assert {"migrate", "web", "worker", "db", "redis", "caddy"} <= set(services)
    assert services["migrate"]["command"] == ENTRY_COMMANDS["migrate"]
    assert services["migrate"]["restart"] == "no"
    assert _served(services["web"]["command"]) == ENTRY_COMMANDS["web"]
    assert services["worker"]["command"] == ENTRY_COMMANDS["worker"]
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    for name in ("migrate", "web", "worker"):
        service = services[name]
        assert service["read_only"] is True and service["tmpfs"] == ["/tmp"]
        assert service["volumes"] == ["doemee-data:/data"]
        assert service["build"] == "."
        environment = service["environment"]
        assert environment["DOEMEE_ENV"] == "production"
        assert environment["DOEMEE_DATABASE_URL"].endswith("@db:5432/doemee")
        assert environment["DOEMEE_RATELIMIT_STORAGE_URL"].startswith("redis://redis:6379/")
        assert environment["DOEMEE_PROXY_COUNT"] == "1"  # Caddy
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    assert services["caddy"]["image"].startswith("caddy:")
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in services["caddy"]["volumes"]


def test_the_proxy_forwards_to_the_web_servers_port_and_keeps_metrics_inside():
    caddyfile = (ROOT / "Caddyfile").read_text(encoding="utf-8")
    port = _compose()["services"]["web"]["command"][-1].rsplit(":", 1)[1]
    assert re.search(rf"name web\s+port {port}\b", caddyfile)
    assert "respond /metrics* 404" in caddyfile


@pytest.mark.parametrize("name", ["Dockerfile", "compose.yaml", "doemee.env.example", "Caddyfile",
                                  "docs/operations.md"])
def test_every_setting_named_is_one_of_the_readme_table(name):
    named = set(SETTING.findall((ROOT / name).read_text(encoding="utf-8")))
    table = _readme_settings()
    assert len(table) > 40
    assert named - table == set()
    if name in ("compose.yaml", "doemee.env.example"):
        assert named  # these files set settings, by their names in the table
