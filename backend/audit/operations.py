from backend.audit.models import AuditEvent
from backend.extensions import db


def record(action: str, *, actor_id=None, subject_id=None, object_type=None, object_id=None, **details) -> None:
    """Add an audit event to the current transaction (it commits or rolls back with the change it describes)."""
    db.session.add(AuditEvent(action=action, actor_id=actor_id, subject_id=subject_id, object_type=object_type,
                              object_id=object_id, details=details))
