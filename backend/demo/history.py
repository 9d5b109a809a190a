"""Demo engagement history on the regular vacancies' shifts, and sign-ups for their upcoming shifts."""
from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa
from tqdm import tqdm

from backend.accounts.models import User
from backend.demo.common import BATCH, PAST_WEEKS, _Context, _id, _rng
from backend.demo.initiatives_and_help import _CheckinCodes
from backend.demo.people import DEMO_DOMAIN
from backend.engagements.models import Engagement, HoursEntry
from backend.extensions import db
from backend.initiatives.models import Initiative
from backend.opportunities import recurrence
from backend.opportunities.models import Opportunity, Shift
from backend.organisations.models import OrganisationMember


class _History:
    """Past shifts of the regular vacancies with what happened on them, and sign-ups for upcoming shifts.

    An opportunity gets demo history only while none of its shifts has any engagement: so a second run adds
    nothing, and sign-ups that people made in the running demo are never counted twice."""

    def __init__(self, ctx: _Context):
        self.ctx = ctx
        self.active: list = []
        self.by_hood = defaultdict(list)
        self.booked = defaultdict(set)  # volunteer id -> local days with a demo engagement (no double-booking)
        self.rows: dict[str, list] = {"shifts": [], "engagements": [], "hours": []}
        self.counts = defaultdict(int)

    def seed(self, progress: bool) -> str:
        opportunities = self._demo_opportunities_without_engagements()
        if not opportunities:
            return "demo engagement history: every demo opportunity already has engagements"
        self.active = [v for v in self.ctx.volunteers if not v.paused]
        if not self.active:
            return "demo engagement history: no demo volunteers, nothing added"
        for v in self.active:
            self.by_hood[v.neighbourhood_id].append(v)
        coordinators = dict(db.session.execute(
            sa.select(OrganisationMember.organisation_id, OrganisationMember.user_id)
            .where(OrganisationMember.status == "active").order_by(OrganisationMember.accepted_at)).all())
        upcoming = self._upcoming_shifts([o.id for o in opportunities])
        known_shifts = set(db.session.scalars(sa.select(Shift.id)))
        codes, updates = _CheckinCodes(), []
        for opp in tqdm(opportunities, desc="demo engagement history", disable=not progress, unit="opp"):
            coordinator = coordinators.get(opp.organisation_id)
            self._past(opp, coordinator, known_shifts, codes)
            updates.extend(self._upcoming(opp, upcoming.get(opp.id, []), coordinator))
            if len(self.rows["engagements"]) >= BATCH:
                self._flush()
        self._flush()
        if updates:
            db.session.execute(sa.update(Shift), updates)
        return self._summary()

    def _summary(self) -> str:
        c = self.counts
        return (f"demo engagement history: {c['past_shifts']} past shifts with {c['completed']} completed "
                f"({c['approved']} hours approved, {c['proposed']} awaiting approval), {c['no_show']} no-shows, "
                f"{c['declined']} declined invitations; {c['upcoming']} upcoming shifts with {c['accepted']} "
                f"sign-ups, {c['waitlisted']} on waitlists, {c['invited']} open invitations")

    def _demo_opportunities_without_engagements(self) -> list:
        demo_orgs = (sa.select(OrganisationMember.organisation_id).join(User, User.id == OrganisationMember.user_id)
                     .where(User.email.like(f"coordinator-%@{DEMO_DOMAIN}")))
        demo_initiatives = sa.select(Initiative.id).where(Initiative.proposer_id.in_(self.ctx.residents))
        return list(db.session.scalars(sa.select(Opportunity).where(
            Opportunity.status == "published", Opportunity.kind != "help_request",
            ~sa.exists().where(Engagement.opportunity_id == Opportunity.id, Engagement.shift_id.is_not(None)),
            sa.or_(Opportunity.organisation_id.in_(demo_orgs), Opportunity.initiative_id.in_(demo_initiatives)))
            .order_by(Opportunity.id)))

    def _upcoming_shifts(self, opportunity_ids: list) -> dict:
        # Plain rows, not Shift objects: their accepted_count changes below with a bulk UPDATE.
        by_opportunity = defaultdict(list)
        for row in db.session.execute(
                sa.select(Shift.id, Shift.opportunity_id, Shift.starts_at, Shift.capacity, Shift.accepted_count)
                .where(Shift.opportunity_id.in_(opportunity_ids), Shift.status == "open",
                       Shift.starts_at > self.ctx.now).order_by(Shift.starts_at, Shift.id)):
            by_opportunity[row.opportunity_id].append(row)
        return by_opportunity

    # past: shifts of the last weeks, added together with everything that happened on them

    def _past(self, opp: Opportunity, coordinator, known_shifts: set, codes: _CheckinCodes) -> None:
        rule = opp.recurrence
        if opp.commitment != "regular" or not rule:
            return
        first = self.ctx.today - timedelta(weeks=PAST_WEEKS)
        for starts, ends in recurrence.occurrences(rule, first_day=first, last_day=self.ctx.today - timedelta(1)):
            shift_id = _id("past-shift", f"{opp.id}-{starts.isoformat()}")
            if shift_id in known_shifts or ends >= self.ctx.now:
                continue
            rng = _rng("past-shift", shift_id)
            capacity = int(rule["capacity"])
            shift = {"id": shift_id, "opportunity_id": opp.id, "starts_at": starts, "ends_at": ends,
                     "capacity": capacity, "accepted_count": 0, "status": "open", "checkin_code": codes.new(rng),
                     "created_at": starts - timedelta(weeks=6), "updated_at": ends}
            self.rows["shifts"].append(shift)
            shift["accepted_count"] = self._past_engagements(rng, opp, shift, coordinator)
            self.counts["past_shifts"] += 1

    def _past_engagements(self, rng, opp, shift: dict, coordinator) -> int:
        starts, ends = shift["starts_at"], shift["ends_at"]
        holders = self._draw_volunteers(rng, opp, starts, max(1, round(shift["capacity"] * rng.uniform(0.5, 1))))
        recent = ends > self.ctx.now - timedelta(days=3)
        for volunteer_id in holders:
            status = ("checked_in" if recent and rng.random() < 0.5
                      else "no_show" if rng.random() < 0.07 else "completed")
            self._past_holder(rng, opp, shift, volunteer_id, status, coordinator)
        # Some who were asked and said no, some who withdrew in time: they hold no place.
        if coordinator and rng.random() < 0.12:
            for volunteer_id in self._draw_volunteers(rng, opp, starts, 1):
                self._engagement(opp, shift["id"], volunteer_id, "declined", starts - timedelta(days=4),
                                 invited_by=coordinator)
                self.counts["declined"] += 1
        if rng.random() < 0.1:
            for volunteer_id in self._draw_volunteers(rng, opp, starts, 1):
                self._engagement(opp, shift["id"], volunteer_id, "withdrawn", starts - timedelta(days=2))
        return len(holders)

    def _past_holder(self, rng, opp, shift: dict, volunteer_id, status, coordinator) -> None:
        starts, ends = shift["starts_at"], shift["ends_at"]
        checked_in = None if status == "no_show" else starts - timedelta(minutes=rng.randint(0, 20))
        changed = {"no_show": starts + timedelta(hours=1), "checked_in": checked_in,
                   "completed": min(self.ctx.now, ends + timedelta(hours=rng.randint(1, 48)))}[status]
        engagement_id = self._engagement(opp, shift["id"], volunteer_id, status, changed, checked_in_at=checked_in,
                                         created_at=starts - timedelta(days=rng.randint(2, 20)))
        self.counts[status] += 1
        if status == "no_show":
            return
        approved = status == "completed"
        self.rows["hours"].append({
            "id": _id("hours", engagement_id), "engagement_id": engagement_id, "volunteer_id": volunteer_id,
            "minutes": int((ends - starts).total_seconds() // 60), "status": "approved" if approved else "proposed",
            "approved_by": coordinator if approved else None, "approved_at": changed if approved else None,
            "note": "", "created_at": checked_in})
        self.counts["approved" if approved else "proposed"] += 1

    # upcoming: sign-ups, waitlists and invitations on some of the opportunity's shifts

    def _upcoming(self, opp: Opportunity, shifts: list, coordinator) -> list[dict]:
        updates = []
        for k, shift in enumerate(shifts):
            rng = _rng("upcoming", shift.id)
            soon = shift.starts_at - self.ctx.now < timedelta(days=7)
            # The first shift always: every opportunity that gets demo history gets some (see the class doc).
            if k > 0 and rng.random() >= (0.75 if soon else 0.5):
                continue
            added = self._upcoming_engagements(rng, opp, shift, coordinator)
            if added:
                updates.append({"id": shift.id, "accepted_count": shift.accepted_count + added,
                                "updated_at": self.ctx.now})
                self.counts["upcoming"] += 1
        return updates

    def _upcoming_engagements(self, rng, opp, shift, coordinator) -> int:
        free = shift.capacity - shift.accepted_count
        if free <= 0:
            return 0
        full = rng.random() < 0.12
        accepted = free if full else max(1, round(free * rng.uniform(0.1, 0.9)))
        waiting = rng.randint(1, 3) if full else 0
        invited = 1 if coordinator and rng.random() < 0.1 else 0
        declined = 1 if coordinator and rng.random() < 0.08 else 0
        people = self._draw_volunteers(rng, opp, shift.starts_at, accepted + waiting + invited + declined)
        # Fewer suitable people than places: then nobody waits, and everyone found up to the places gets one.
        accepted = min(accepted, len(people))
        joined = self.ctx.now - timedelta(days=rng.randint(1, 12))
        for i, volunteer_id in enumerate(people):
            if i < accepted:
                status, who = "accepted", None
            elif i < accepted + waiting:
                status, who = "waitlisted", None
            elif i < accepted + waiting + invited:
                status, who = "invited", coordinator
            else:
                status, who = "declined", coordinator
            at = min(joined + timedelta(minutes=37 * i), self.ctx.now)  # the waitlist keeps this order
            self._engagement(opp, shift.id, volunteer_id, status, at, invited_by=who)
            self.counts[status] += 1
        return accepted

    # shared

    def _draw_volunteers(self, rng, opp, starts: datetime, count: int) -> list:
        """Up to ``count`` different suitable volunteers, mostly from the neighbourhood, none booked that day."""
        day = recurrence.local_today(starts)
        nearby = self.by_hood.get(opp.neighbourhood_id) or self.active
        chosen: list = []
        for _ in range(count * 6 + 40):  # enough tries to find someone with a VOG, mostly
            if len(chosen) == count:
                break
            v = rng.choice(nearby if rng.random() < 0.7 else self.active)
            if v.user_id in chosen or day in self.booked[v.user_id] or not self._suits(v, opp, day):
                continue
            chosen.append(v.user_id)
            self.booked[v.user_id].add(day)
        return chosen

    @staticmethod
    def _suits(v, opp: Opportunity, day) -> bool:
        if opp.requires_vog and not v[3]:
            return False
        return not opp.min_age or v.birth_year is None or day.year - v.birth_year >= opp.min_age

    def _engagement(self, opp, shift_id, volunteer_id, status, changed_at, *, invited_by=None, checked_in_at=None,
                    created_at=None) -> uuid.UUID:
        engagement_id = _id("engagement", f"{shift_id}-{volunteer_id}")
        self.rows["engagements"].append({
            "id": engagement_id, "volunteer_id": volunteer_id, "opportunity_id": opp.id, "shift_id": shift_id,
            "status": status, "score": None, "reasons": None, "invited_by": invited_by,
            "checked_in_at": checked_in_at, "status_changed_at": changed_at,
            "created_at": min(created_at or changed_at, changed_at), "updated_at": changed_at})
        return engagement_id

    def _flush(self) -> None:
        # Shifts before the engagements that point at them, engagements before their hours.
        for model, key in ((Shift, "shifts"), (Engagement, "engagements"), (HoursEntry, "hours")):
            if self.rows[key]:
                db.session.execute(sa.insert(model), self.rows[key])
                self.rows[key].clear()

