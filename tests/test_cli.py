"""The command line, through Flask's CLI runner (exit codes and output)."""
import sqlalchemy as sa

from backend.accounts.models import User
from backend.volunteers.models import AvailabilitySlot, VolunteerProfile


def test_create_admin_then_admin_can_grant_staff_role(cli, client):
    result = cli.invoke(args=["create-admin", "--email", "beheer@example.org", "--password",
                              "zeven-zeeen-en-een-vuurtoren"])
    assert result.exit_code == 0, result.output
    again = cli.invoke(args=["create-admin", "--email", "beheer@example.org", "--password",
                             "zeven-zeeen-en-een-vuurtoren"])
    assert again.exit_code == 0  # idempotent
    admin = client.post("/api/v1/auth/login", json={"email": "beheer@example.org",
                                                    "password": "zeven-zeeen-en-een-vuurtoren"}).get_json()
    from tests.support import register

    person = register(client)
    r = client.post(f"/api/v1/admin/users/{person.id}/roles", json={"role": "municipality_staff",
                                                                     "municipality": "vlaardingen"},
                    token=admin["access_token"])
    assert r.status_code == 200
    assert {(g["role"]) for g in r.get_json()["roles"]} == {"volunteer", "municipality_staff"}
    r = client.post(f"/api/v1/admin/users/{person.id}/roles", json={"role": "municipality_staff"},
                    token=admin["access_token"], headers={"Accept-Language": "en"})
    assert r.status_code == 400 and "municipality" in r.get_json()["errors"]


def test_create_admin_refuses_a_weak_password(cli, db_session):
    result = cli.invoke(args=["create-admin", "--email", "beheer@example.org", "--password", "kort"])
    assert result.exit_code != 0
    assert "password" in result.output
    assert db_session.scalar(sa.select(User).where(User.email == "beheer@example.org")) is None


def test_grant_role_for_unknown_account_fails(cli):
    result = cli.invoke(args=["grant-role", "--email", "nobody@example.org", "--role", "admin"])
    assert result.exit_code != 0


def test_seed_demo_is_idempotent_and_plausible(cli, db_session):
    first = cli.invoke(args=["seed-demo", "--volunteers", "60", "--quiet"])
    assert first.exit_code == 0, first.output
    assert "60 added" in first.output
    second = cli.invoke(args=["seed-demo", "--volunteers", "80", "--quiet"])
    assert second.exit_code == 0
    assert "20 added, 60 already there" in second.output
    profiles = db_session.scalars(sa.select(VolunteerProfile)).all()
    assert len(profiles) == 80
    assert len({p.neighbourhood_id for p in profiles}) >= 8  # spread over the neighbourhoods
    assert all("nl" in p.languages for p in profiles)
    assert all(p.skills for p in profiles)
    slots = db_session.scalar(sa.select(sa.func.count()).select_from(AvailabilitySlot))
    assert slots >= 80


def test_demo_volunteer_can_log_in_and_sees_a_placed_profile(cli, client):
    assert cli.invoke(args=["seed-demo", "--volunteers", "3", "--quiet"]).exit_code == 0
    tokens = client.post("/api/v1/auth/login", json={"email": "vrijwilliger-00001@demo.doemee.invalid",
                                                     "password": "doemee-demo-2026"}).get_json()
    profile = client.get("/api/v1/me/profile", token=tokens["access_token"]).get_json()
    placed = client.get("/api/v1/postcode-lookup", query_string={"postcode": profile["postcode"]}).get_json()
    assert placed["neighbourhood"]["slug"] == profile["neighbourhood"]["slug"]


def test_load_reference_data_is_idempotent(cli):
    result = cli.invoke(args=["load-reference-data"])
    assert result.exit_code == 0
    assert "municipalities +0, neighbourhoods +0, postcode_areas +0, skills +0" in result.output


def test_vapid_keys_prints_a_fresh_pair_the_configuration_accepts(cli):
    from doemee.cli import vapid_keys_command
    from backend.config import load_config, vapid_public_key

    first, second = cli.invoke(vapid_keys_command), cli.invoke(vapid_keys_command)
    assert first.exit_code == 0 and second.exit_code == 0
    line = first.output.splitlines()[0]
    assert line.startswith("DOEMEE_VAPID_PRIVATE_KEY=") and line != second.output.splitlines()[0]
    private = line.split("=", 1)[1]
    assert load_config(environ={"DOEMEE_ENV": "test", "DOEMEE_VAPID_PRIVATE_KEY": private})["VAPID_PRIVATE_KEY"]
    assert vapid_public_key(private) in first.output
