"""Files a task makes for one staff member (the campaign letters PDF, the letter codes CSV for the mail merge):
ask for one (202 with a Location), follow it until its status is done, then fetch the file. Nothing large is made
inside a request; the file is for the person who asked only, for 24 hours."""
from flask import current_app, url_for
from flask_jwt_extended import current_user
from marshmallow import fields

from backend.jobs import downloads
from backend.jobs.schemas import CampaignFileInSchema
from mobile_api.auth import access
from mobile_api.blueprint import Blueprint
from mobile_api.problems import request_locale
from mobile_api.schemas import Schema

blp = Blueprint("downloads", __name__, description="Files made in the background for staff")

STAFF = ("municipality_staff", "admin")
BINARY = {"type": "string", "format": "binary"}
FILE_ABOUT = "The letters PDF (application/pdf) or the letter codes CSV (text/csv), as the download's media_type says."


class DownloadSchema(Schema):
    id = fields.UUID(required=True)
    status = fields.String(required=True, metadata={"description": "pending, running, done or failed"})
    done = fields.Integer(required=True, metadata={"description": "pages or rows made so far"})
    total = fields.Integer(required=True, allow_none=True, metadata={"description": "null until counted"})
    filename = fields.String(required=True)
    media_type = fields.String(required=True)
    expires_at = fields.DateTime(required=True, metadata={"description": "when it is deleted"})
    file = fields.String(required=True, allow_none=True, metadata={"description": "the file's URL once done"})


def _view(made) -> dict:
    return {"id": made.id, "status": made.status, "done": made.done, "total": made.total,
            "filename": made.filename, "media_type": downloads.media_type(made), "expires_at": made.expires_at,
            "file": url_for("downloads.get_file", download_id=made.id) if made.status == "done" else None}


@blp.route("/campaigns/<uuid:campaign_id>/files", methods=["POST"])
@access(*STAFF)
@blp.arguments(CampaignFileInSchema)
@blp.response(202, DownloadSchema, headers={"Location": {"description": "the download: GET it for its progress",
                                                          "schema": {"type": "string", "format": "uri"}}})
def request_campaign_file(data, campaign_id):
    """Have the letters PDF or the letter codes CSV of a campaign made (staff of its municipality). A worker of the
    job engine makes it: follow Location until its status is done, then GET its file."""
    made = downloads.request_campaign_file(current_user, campaign_id, data, request_locale())
    return _view(made), {"Location": url_for("downloads.get_download", download_id=made.id)}


@blp.endpoint("/downloads/<uuid:download_id>", "GET", STAFF, (200, DownloadSchema))
def get_download(download_id):
    """Its progress; the owner's only, while it is kept."""
    return _view(downloads.get_download(current_user, download_id))


@blp.route("/downloads/<uuid:download_id>/file", methods=["GET"])
@access(*STAFF)
@blp.response(200, BINARY, content_type="application/pdf", description=FILE_ABOUT)
@blp.alt_response(200, schema=BINARY, content_type="text/csv", description=FILE_ABOUT, success=True)
def get_file(download_id):
    """The file (its media type is the download's media_type); 409 until it is done."""
    made = downloads.ready_download(current_user, download_id)
    response = current_app.response_class(made.content, mimetype=downloads.media_type(made))
    response.headers["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    return response
