"""The municipality's dashboard (/gemeente)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("municipality", __name__, template_folder="../templates")
