"""Development keeps one generated secret in instance/ so that every process (serve-dev, run-job, worker)
signs and accepts the same tokens; production still requires DOEMEE_SECRET_KEY; links follow DOEMEE_PORT."""
import os
import stat

import pytest
from flask_jwt_extended import create_access_token, decode_token

from doemee.app import create_app
from backend.config import ConfigError, load_config, new_vapid_keys, vapid_public_key
from tests.conftest import PG_URL

pytestmark = pytest.mark.any_hour  # the same at any hour: the clock runs leave it to the real-hour run


@pytest.fixture
def project_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # instance/ lives in the working directory
    return tmp_path


def test_development_generates_one_secret_once_and_every_process_reuses_it(project_dir):
    first = load_config(environ={"DOEMEE_ENV": "development"})
    secret_file = project_dir / "instance" / "secret_key"
    assert secret_file.exists()
    assert stat.S_IMODE(os.stat(secret_file).st_mode) == 0o600
    again = load_config(environ={"DOEMEE_ENV": "development"})
    assert first["SECRET_KEY"] == again["SECRET_KEY"] == secret_file.read_text().strip()
    assert len(first["SECRET_KEY"]) >= 32
    # no temporary file left behind (the web push key is kept the same way: see the test below)
    assert sorted(p.name for p in (project_dir / "instance").iterdir()) == ["secret_key", "vapid_private_key"]


def test_a_token_made_by_one_development_process_is_accepted_by_another(project_dir):
    settings = {"ENV": "development", "DATABASE_URL": PG_URL}
    job_process, web_process = create_app(settings), create_app(settings)  # e.g. flask run-job, flask serve-dev
    with job_process.app_context():
        token = create_access_token(identity="someone", additional_claims={"sid": "x"})
    with web_process.app_context():
        assert decode_token(token)["sub"] == "someone"


def test_an_explicit_secret_is_used_and_nothing_is_written(project_dir):
    config = load_config(environ={"DOEMEE_ENV": "development", "DOEMEE_SECRET_KEY": "s" * 40,
                                  "DOEMEE_VAPID_PRIVATE_KEY": new_vapid_keys()[0]})
    assert config["SECRET_KEY"] == "s" * 40
    assert not (project_dir / "instance").exists()


def test_production_still_requires_a_secret_and_ignores_the_development_file(project_dir):
    load_config(environ={"DOEMEE_ENV": "development"})  # leaves instance/secret_key behind
    with pytest.raises(ConfigError, match="DOEMEE_SECRET_KEY is required in production"):
        load_config(environ={"DOEMEE_ENV": "production"})


def test_test_environment_keeps_a_random_secret_per_process_and_writes_nothing(project_dir):
    a, b = load_config(environ={"DOEMEE_ENV": "test"}), load_config(environ={"DOEMEE_ENV": "test"})
    assert a["SECRET_KEY"] != b["SECRET_KEY"]
    assert not (project_dir / "instance").exists()


def test_links_in_development_follow_the_port(project_dir):
    config = load_config(environ={"DOEMEE_ENV": "development", "DOEMEE_PORT": "5101"})
    assert config["PUBLIC_BASE_URL"] == "http://127.0.0.1:5101"
    assert load_config(environ={"DOEMEE_ENV": "development"})["PUBLIC_BASE_URL"] == "http://127.0.0.1:5000"


def test_an_explicit_public_base_url_wins_over_the_port(project_dir):
    config = load_config(environ={"DOEMEE_ENV": "development", "DOEMEE_PORT": "5101",
                                  "DOEMEE_PUBLIC_BASE_URL": "https://doemee.maassluis.nl/"})
    assert config["PUBLIC_BASE_URL"] == "https://doemee.maassluis.nl"
    with pytest.raises(ConfigError, match="DOEMEE_PUBLIC_BASE_URL"):
        load_config(environ={"DOEMEE_PUBLIC_BASE_URL": "doemee.nl"})


def test_app_uses_the_port_for_links(project_dir):
    app = create_app({"ENV": "development", "PORT": 5101, "DATABASE_URL": PG_URL})
    assert app.extensions["doemee_config"]["PUBLIC_BASE_URL"] == "http://127.0.0.1:5101"


def test_development_generates_one_web_push_key_once_so_make_run_can_push(project_dir):
    first = load_config(environ={"DOEMEE_ENV": "development"})
    key_file = project_dir / "instance" / "vapid_private_key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert first["VAPID_PRIVATE_KEY"] == key_file.read_text().strip()
    assert load_config(environ={"DOEMEE_ENV": "development"})["VAPID_PRIVATE_KEY"] == first["VAPID_PRIVATE_KEY"]
    assert len(vapid_public_key(first["VAPID_PRIVATE_KEY"])) == 87  # 65 bytes, base64url


def test_production_and_test_have_no_web_push_unless_a_key_is_set(project_dir):
    assert load_config(environ={"DOEMEE_ENV": "test"})["VAPID_PRIVATE_KEY"] is None
    private, _public = new_vapid_keys()
    config = load_config(environ={"DOEMEE_ENV": "production", "DOEMEE_SECRET_KEY": "s" * 40,
                                  "DOEMEE_VAPID_PRIVATE_KEY": private, "DOEMEE_WEBPUSH_HOSTS": "push.example.nl"})
    assert config["VAPID_PRIVATE_KEY"] == private and config["WEBPUSH_HOSTS"] == ("push.example.nl",)
    assert not (project_dir / "instance").exists()


@pytest.mark.parametrize("name, value, complaint", [
    ("VAPID_PRIVATE_KEY", "not-a-key", "DOEMEE_VAPID_PRIVATE_KEY must be a base64url P-256 private key"),
    ("VAPID_PRIVATE_KEY", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "DOEMEE_VAPID_PRIVATE_KEY must be"),
    ("VAPID_SUBJECT", "admin@example.nl", "DOEMEE_VAPID_SUBJECT: must be mailto:"),
    ("WEBPUSH_HOSTS", "https://push.example.nl", "DOEMEE_WEBPUSH_HOSTS: must be host names"),
])
def test_bad_web_push_settings_stop_the_start(project_dir, name, value, complaint):
    with pytest.raises(ConfigError, match=complaint):
        load_config(environ={"DOEMEE_ENV": "test", f"DOEMEE_{name}": value})
