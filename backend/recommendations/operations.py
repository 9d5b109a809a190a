"""The matching service: the volunteer's feed, a coordinator's candidates, the volunteer centre's batch runs.

It loads the database into the matching library's inputs (backend.recommendations.encode, and the per-worker
tables demand_table/volunteer_table kept fresh by markers), asks the library, and turns the answers into what the
API shows: never more about a person than their first name, neighbourhood and the reasons, and never a help
request's address. One module per use: feed, candidates, runs (+ assignment), digests; this one names them.
"""
from backend.recommendations.candidates import best_candidates_for_shifts, candidates_for
from backend.recommendations.common import reasons_from_json, unmatched_text, weights_for
from backend.recommendations.digests import weekly_digests
from backend.recommendations.feed import feed, feed_answer
from backend.recommendations.runs import (WEEKLY_INVITATION_CAP, create_run, get_run, municipality_by_slug,
                                          run_matching)

__all__ = ["feed", "feed_answer", "candidates_for", "best_candidates_for_shifts", "create_run", "get_run", "run_matching",
           "municipality_by_slug", "weekly_digests", "reasons_from_json", "unmatched_text",
           "weights_for", "WEEKLY_INVITATION_CAP"]
