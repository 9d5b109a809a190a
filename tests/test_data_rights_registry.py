"""Every column that names a person is exported and erased (backend/data_rights.py lists how)."""
from backend.data_rights import ACCOUNT_SECTIONS, ERASERS, EXPORTERS, PERSONAL_DATA
from backend.extensions import db
import pytest

pytestmark = pytest.mark.any_hour  # the same at any hour: the clock runs leave it to the real-hour run


def _columns_naming_a_person() -> dict[tuple[str, str], str]:
    """{(table, column): ON DELETE} for every foreign key to users.id in the schema the models declare."""
    return {(table.name, column.name): fk.ondelete
            for table in db.metadata.tables.values() for column in table.columns
            for fk in column.foreign_keys if fk.column.table.name == "users"}


def test_every_column_naming_a_person_is_listed(app):
    listed = {(h.table, h.column) for h in PERSONAL_DATA}
    missing = sorted(set(_columns_naming_a_person()) - listed)
    assert missing == [], f"personal data without an exporter and eraser in backend/data_rights.py: {missing}"


def test_every_listed_column_exists(app):
    unknown = [(h.table, h.column) for h in PERSONAL_DATA
               if h.table not in db.metadata.tables or h.column not in db.metadata.tables[h.table].columns]
    assert unknown == []


def test_every_listed_column_has_an_export_section_and_an_eraser(app):
    sections = set(EXPORTERS) | set(ACCOUNT_SECTIONS)
    on_delete = _columns_naming_a_person()
    for held in PERSONAL_DATA:
        where = f"{held.table}.{held.column}"
        assert held.section in sections or (held.section is None and held.why_not_exported), where
        if callable(held.erased_by):
            assert held.erased_by in ERASERS, where
        elif (held.table, held.column) in on_delete:
            # Erasure deletes the account row; the foreign key must then cascade or blank the link as listed.
            assert on_delete[(held.table, held.column)] == held.erased_by, where
        else:
            fks = db.metadata.tables[held.table].columns[held.column].foreign_keys
            assert [fk.ondelete for fk in fks] == [held.erased_by], where
