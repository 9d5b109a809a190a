"""The one-tap answers linked from reminder e-mails and pushes ("Ik kom" / "Ik kan niet").

Opening the link (GET) only shows the shift and one button: mail scanners and link previews open links too, and
must change nothing. The button POSTs the answer (backend.reminders.replies), with the link's signed token as
the only credential.
"""
from __future__ import annotations

from flask import Blueprint, render_template

from backend.errors import RuleViolation
from backend.reminders import replies
from web.access import page

bp = Blueprint("reminders", __name__, template_folder="../templates")

_ANSWERS = {"coming": replies.answer_coming, "cant-make-it": replies.answer_cant_make_it}


@page("public")
def confirm(token: str, answer: str):
    subject = replies.describe(token)
    return render_template("reminders/confirm.html", token=token, answer=answer, subject=subject)


@page("public")
def answer(token: str, answer: str):
    subject = replies.describe(token)
    try:
        _ANSWERS[answer](token)
    except RuleViolation as exc:  # accepted no more, or the shift has started: say so on the same page
        return render_template("reminders/confirm.html", token=token, answer=answer, subject=subject,
                               too_late=True), exc.status
    return render_template("reminders/done.html", answer=answer, subject=subject)


# One URL per answer: the link opens it (GET, endpoint "coming") and its button posts to it ("answer_coming").
for _word, _endpoint in (("coming", "coming"), ("cant-make-it", "cant_make_it")):
    bp.add_url_rule(f"/reminders/<token>/{_word}", _endpoint, confirm, methods=["GET"], defaults={"answer": _word})
    bp.add_url_rule(f"/reminders/<token>/{_word}", f"answer_{_endpoint}", answer, methods=["POST"],
                    defaults={"answer": _word})
