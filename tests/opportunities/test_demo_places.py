"""The demo's vacancies know where and whom (`flask seed-demo`): a meeting place of their organisation in their
neighbourhood and a contact person, filled in once."""
import sqlalchemy as sa

from backend.opportunities.models import MeetingPlace, Opportunity, VacancyContact
from tests.test_demo_demand import SMALL


def test_every_demo_vacancy_has_a_place_and_a_contact_person_once(cli, client, db_session):
    first = cli.invoke(args=SMALL)
    assert first.exit_code == 0, first.output
    vacancies = db_session.scalars(sa.select(Opportunity).where(Opportunity.kind == "vacancy",
                                                                Opportunity.status == "published")).all()
    assert len(vacancies) >= 30
    assert all(v.meeting_place_id is not None for v in vacancies if not v.remote)
    contacts = db_session.scalar(sa.select(sa.func.count()).select_from(VacancyContact))
    assert contacts >= 30
    places = db_session.scalars(sa.select(MeetingPlace)).all()
    assert {p.city for p in places} == {"Maassluis"} and all(p.latitude and p.street[-1].isdigit() for p in places)

    shown = client.get(f"/api/v1/opportunities/{vacancies[0].id}").get_json()["place"]
    assert shown["city"] == "Maassluis" and shown["map_url"].startswith("https://www.openstreetmap.org/?mlat=")

    again = cli.invoke(args=SMALL)
    assert again.exit_code == 0 and "demo places: 0 vacancies got a place (0 meeting places), 0 a contact" \
        in again.output, again.output
    assert db_session.scalar(sa.select(sa.func.count()).select_from(MeetingPlace)) == len(places)
