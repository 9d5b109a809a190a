from backend.audit.models import AuditEvent
from backend.extensions import db
from backend.observability.business import count_on_commit


def record(action: str, *, actor_id=None, subject_id=None, object_type=None, object_id=None, **details) -> None:
    """Add an audit event to the current transaction (it commits or rolls back with the change it describes)."""
    db.session.add(AuditEvent(action=action, actor_id=actor_id, subject_id=subject_id, object_type=object_type,
                              object_id=object_id, details=details))
    count_on_commit(action)  # the metrics count each audited action once it is committed


def record_now(action: str, *, actor_id=None, subject_id=None, object_type=None, object_id=None, **details) -> None:
    """record(), sent at once as one Core INSERT (no object for the unit of work to flush): for a hot path that
    writes its rows with Core statements. It commits or rolls back with the transaction all the same."""
    db.session.execute(AuditEvent.__table__.insert(), {
        "action": action, "actor_id": actor_id, "subject_id": subject_id, "object_type": object_type,
        "object_id": object_id, "details": details})
    count_on_commit(action)
