"""Database triggers that keep core_auditevent append-only (hand-written; no model state changes).

PostgreSQL: a row trigger refuses every UPDATE and DELETE; a statement trigger refuses TRUNCATE unless the
same statement also truncates core_auditchainhead. That one exception is the full reset done by
`manage.py flush` and by the teardown of every transactional test (Django truncates all tables in one
statement); it leaves an empty, valid log. Truncating the events alone is refused.

SQLite: a trigger refuses every UPDATE; another refuses DELETE of any event that has an older event still
stored. A whole-table `DELETE FROM` (what flush does on SQLite) removes rows oldest first and so passes;
deleting from the middle or the end of the chain is refused. Deleting from the front passes the trigger
but breaks the first link, which `manage.py verify_audit` reports.

A superuser can still disable triggers (session_replication_role, DROP TRIGGER); `verify_audit` is the
check that catches that. On SQLite, a later migration that rebuilds core_auditevent (most AlterField and
RemoveField operations do, by copying into a new table) drops these triggers with the old table and must
run `install` again.
"""

from django.db import migrations

POSTGRESQL_INSTALL = [
    r"""
    CREATE OR REPLACE FUNCTION onego_auditevent_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION USING
            ERRCODE = 'insufficient_privilege',
            MESSAGE = format(
                '审计日志只能追加，拒绝对 core_auditevent 执行 %s。'
                ' The audit log is append-only: %s on core_auditevent is refused.',
                TG_OP, TG_OP
            );
    END;
    $$;
    """,
    r"""
    CREATE OR REPLACE FUNCTION onego_auditevent_refuse_truncate() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        -- A full reset (events and chain head in one TRUNCATE, as `manage.py flush` does) is allowed.
        IF position('core_auditchainhead' IN lower(coalesce(current_query(), ''))) > 0 THEN
            RETURN NULL;
        END IF;
        RAISE EXCEPTION USING
            ERRCODE = 'insufficient_privilege',
            MESSAGE = '审计日志只能追加，拒绝单独清空 core_auditevent。'
                      ' The audit log is append-only: TRUNCATE of core_auditevent alone is refused.';
    END;
    $$;
    """,
    """
    CREATE TRIGGER core_auditevent_append_only
    BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION onego_auditevent_refuse_change();
    """,
    """
    CREATE TRIGGER core_auditevent_no_truncate
    BEFORE TRUNCATE ON core_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION onego_auditevent_refuse_truncate();
    """,
]

POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent;",
    "DROP TRIGGER IF EXISTS core_auditevent_append_only ON core_auditevent;",
    "DROP FUNCTION IF EXISTS onego_auditevent_refuse_truncate();",
    "DROP FUNCTION IF EXISTS onego_auditevent_refuse_change();",
]

SQLITE_INSTALL = [
    """
    CREATE TRIGGER core_auditevent_no_update
    BEFORE UPDATE ON core_auditevent
    BEGIN
        SELECT RAISE(ABORT, '审计日志只能追加，拒绝修改 core_auditevent。 The audit log is append-only: UPDATE on core_auditevent is refused.');
    END;
    """,
    """
    CREATE TRIGGER core_auditevent_no_delete
    BEFORE DELETE ON core_auditevent
    WHEN EXISTS (SELECT 1 FROM core_auditevent AS older WHERE older.id < OLD.id)
    BEGIN
        SELECT RAISE(ABORT, '审计日志只能追加，拒绝删除 core_auditevent 中的事件。 The audit log is append-only: DELETE on core_auditevent is refused.');
    END;
    """,
]

SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_delete;",
    "DROP TRIGGER IF EXISTS core_auditevent_no_update;",
]

INSTALL = {"postgresql": POSTGRESQL_INSTALL, "sqlite": SQLITE_INSTALL}
REMOVE = {"postgresql": POSTGRESQL_REMOVE, "sqlite": SQLITE_REMOVE}


def install(apps, schema_editor):
    for sql in INSTALL.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


def remove(apps, schema_editor):
    for sql in REMOVE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, remove, elidable=False),
    ]
