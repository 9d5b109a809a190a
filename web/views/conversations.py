"""Conversations (berichten): my threads, one thread with its reply form, starting a thread about a vacancy ("Stel
een vraag"), a shift ("Bericht aan iedereen op deze dienst") or an accepted help offer, reporting and blocking; and
for the municipality's staff the reported threads. The same operations as the API's /conversations.

Messages are plain text: every character is escaped, and only web addresses (http, https) become links."""
from __future__ import annotations

import re

from flask import Blueprint, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from backend.conversations import operations, reading, safety
from backend.conversations.schemas import MessageInSchema, ReportInSchema
from backend.errors import DomainError
from web.access import current_user, page
from web.forms import field_errors, load_form, uuid_or_404 as _id

bp = Blueprint("threads", __name__, template_folder="../templates")

_LINK = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]'\""
_ANCHOR = Markup('<a class="utrecht-link" href="%s" rel="nofollow noopener noreferrer">%s</a>')
_STARTS = {"vacancy": operations.ask_about_vacancy, "shift": operations.write_to_shift,
           "help": operations.write_about_help}


@bp.app_template_filter("linkify")
def linkify(text: str) -> Markup:
    """Plain text as HTML: everything escaped, web addresses clickable, line breaks kept."""
    lines = []
    for line in text.split("\n"):
        parts, position = [], 0
        for match in _LINK.finditer(line):
            url = match.group(0).rstrip(_TRAILING)
            parts += [escape(line[position:match.start()]),
                      _ANCHOR % (url, url)]
            position = match.start() + len(url)
        parts.append(escape(line[position:]))
        lines.append(Markup("").join(parts))
    return Markup("<br>\n").join(lines)


@bp.app_context_processor
def _unread() -> dict:
    # A function, so that only a page that draws the menu (someone is logged in) counts.
    return {"unread_messages": lambda: reading.unread_count(current_user())}


@bp.route("/berichten")
@page("authenticated")
def index():
    items, next_cursor = reading.list_threads(current_user(), limit=50, cursor=request.args.get("verder") or None)
    return render_template("conversations/index.html", items=items, next_cursor=next_cursor)


@bp.route("/berichten/<thread_id>", methods=["GET", "POST"])
@page("authenticated")
def thread(thread_id):
    written, form, errors = _write(lambda data: operations.reply(current_user(), _id(thread_id), data))
    if written is not None:
        return redirect(url_for("threads.thread", thread_id=thread_id, done="sent", _anchor="antwoord"), code=303)
    return _thread_page(thread_id, form, errors)


def _write(operation):
    """On a POST: the message typed (through the API's schema) handed to ``operation``; returns what it returned
    (None when nothing was written), the form as typed and the errors to show with it."""
    if request.method != "POST":
        return None, {}, {}
    form = request.form.to_dict()
    data, errors = load_form(MessageInSchema)
    if not errors:
        try:
            return operation(data), form, {}
        except DomainError as exc:
            errors = field_errors(exc)
    return None, form, errors


def _thread_page(thread_id, form: dict, errors: dict):
    view = reading.open_thread(current_user(), _id(thread_id))
    return render_template("conversations/thread.html", view=view, form=form, errors=errors,
                           action=url_for("threads.thread", thread_id=thread_id),
                           done=request.args.get("done")), (422 if errors else 200)


@bp.route("/berichten/vacature/<subject_id>", methods=["GET", "POST"], defaults={"about": "vacature"})
@bp.route("/berichten/dienst/<subject_id>", methods=["GET", "POST"], defaults={"about": "dienst"})
@bp.route("/berichten/hulp/<subject_id>", methods=["GET", "POST"], defaults={"about": "hulp"})
@page("authenticated")
def start(about, subject_id):
    kind = {"vacature": "vacancy", "dienst": "shift", "hulp": "help"}[about]
    written, form, errors = _write(lambda data: _STARTS[kind](current_user(), _id(subject_id), data))
    if written is not None:
        return redirect(url_for("threads.thread", thread_id=written.id, done="sent"), code=303)
    subject = operations.subject_of(current_user(), kind, _id(subject_id))
    if subject.thread_id is not None and not errors:
        return redirect(url_for("threads.thread", thread_id=subject.thread_id), code=303)
    return render_template("conversations/start.html", subject=subject, form=form, errors=errors,
                           action=url_for("threads.start", about=about, subject_id=subject_id)), \
        (422 if errors else 200)


@bp.route("/berichten/<thread_id>/<message_id>", methods=["POST"])
@page("authenticated")
def about_message(thread_id, message_id):
    """Report a message, or (the button named "blokkeren") block its writer."""
    if request.form.get("action") == "blokkeren":
        safety.block_sender(current_user(), _id(thread_id), _id(message_id))
        done = "blocked"
    else:
        data, errors = load_form(ReportInSchema)
        if errors:
            return _thread_page(thread_id, request.form.to_dict(), errors)
        safety.report_message(current_user(), _id(thread_id), _id(message_id), data)
        done = "reported"
    return redirect(url_for("threads.thread", thread_id=thread_id, done=done), code=303)


@bp.route("/berichten/<thread_id>/deblokkeren/<user_id>", methods=["POST"])
@page("authenticated")
def unblock(thread_id, user_id):
    """See someone's messages again (a button under the thread where they were left out)."""
    safety.unblock(current_user(), _id(user_id))
    return redirect(url_for("threads.thread", thread_id=thread_id, done="unblocked"), code=303)


@bp.route("/gemeente/berichten")
@page("municipality_staff")
def reported():
    return render_template("conversations/reported.html", items=safety.reported_threads(current_user()))


@bp.route("/gemeente/berichten/<thread_id>")
@page("municipality_staff")
def reported_thread(thread_id):
    view = safety.read_reported(current_user(), _id(thread_id))
    return render_template("conversations/thread.html", view=view, staff=True, form={}, errors={}, action=None,
                           done=None)
