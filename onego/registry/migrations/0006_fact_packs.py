# Written by hand. On PostgreSQL only: each enterprise's facts packed in one row (registry_factpack), kept by
# statement triggers on registry_enterprisefact, so a matching run reads 300,000 rows instead of aggregating
# millions (onego/registry/facts.py, "the PostgreSQL reader"; docs/adr/0003-packed-enterprise-facts.md).
# Elsewhere (SQLite) nothing is created and facts are read key by key.

from django.db import migrations

# One element per stored value: a tag (fact id << 23 | period code << 6 | bits) and the value as an int8, each
# 8 big-endian bytes in a bytea (tags, vals); the texts of text facts one after the other in element order
# (texts), with their lengths in characters as big-endian int4 (text_lengths). Period codes keep the periods' order: "" 0, a year
# YYYY × 13, a month YYYY × 13 + MM; anything else 131071 (the reader then falls back). Bits: 1 int_value,
# 2 bool_value, 4 date_value, 8 decimal_value set; 16 a value the int8 cannot hold; 32 a text fact.
CREATE = r"""
CREATE TABLE registry_factpack (
    entity_code varchar(18) PRIMARY KEY,
    tags bytea NOT NULL,
    vals bytea NOT NULL,
    texts text NOT NULL,
    text_lengths bytea NOT NULL
);

CREATE FUNCTION registry_pack_facts(codes text[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM registry_factpack WHERE entity_code IN (SELECT unnest(codes));
    INSERT INTO registry_factpack (entity_code, tags, vals, texts, text_lengths)
    SELECT f.entity_code,
           string_agg(int8send(
               (f.fact_id::int8 << 23)
               | (CASE WHEN f.period = '' THEN 0
                       WHEN f.period ~ '^[0-9]{4}$' THEN f.period::int8 * 13
                       WHEN f.period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'
                           THEN substr(f.period, 1, 4)::int8 * 13 + substr(f.period, 6, 2)::int8
                       ELSE 131071 END << 6)
               | (f.int_value IS NOT NULL)::int4::int8 | (f.bool_value IS NOT NULL)::int4::int8 * 2
               | (f.date_value IS NOT NULL)::int4::int8 * 4 | (f.decimal_value IS NOT NULL)::int4::int8 * 8
               | COALESCE(abs(f.decimal_value) >= 400000000000000 OR NOT isfinite(f.date_value)
                          OR f.date_value < DATE '0001-01-01' OR f.date_value > DATE '9999-12-31', false)::int4::int8 * 16
               | (d.kind IN ('text', 'code'))::int4::int8 * 32), ''::bytea),
           string_agg(int8send(COALESCE(f.int_value, f.bool_value::int4::int8,
               CASE WHEN isfinite(f.date_value) THEN f.date_value - DATE '1970-01-01' END,
               CASE WHEN abs(f.decimal_value) < 400000000000000 THEN (f.decimal_value * 10000)::int8 END, 0)),
               ''::bytea),
           COALESCE(string_agg(f.text_value, '') FILTER (WHERE d.kind IN ('text', 'code')), ''),
           COALESCE(string_agg(int4send(length(f.text_value)), ''::bytea) FILTER (WHERE d.kind IN ('text', 'code')),
                    ''::bytea)
    FROM registry_enterprisefact f JOIN registry_factdefinition d ON d.id = f.fact_id
    WHERE f.entity_code IN (SELECT unnest(codes))
    GROUP BY f.entity_code;
$$;

CREATE FUNCTION registry_factpack_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM registry_pack_facts(ARRAY(SELECT DISTINCT entity_code FROM new_rows));
    RETURN NULL;
END $$;
CREATE FUNCTION registry_factpack_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM registry_pack_facts(ARRAY(SELECT entity_code FROM new_rows UNION SELECT entity_code FROM old_rows));
    RETURN NULL;
END $$;
CREATE FUNCTION registry_factpack_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM registry_pack_facts(ARRAY(SELECT DISTINCT entity_code FROM old_rows));
    RETURN NULL;
END $$;
CREATE FUNCTION registry_factpack_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE registry_factpack;
    RETURN NULL;
END $$;

CREATE TRIGGER registry_factpack_insert AFTER INSERT ON registry_enterprisefact
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_factpack_inserted();
CREATE TRIGGER registry_factpack_update AFTER UPDATE ON registry_enterprisefact
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION registry_factpack_updated();
CREATE TRIGGER registry_factpack_delete AFTER DELETE ON registry_enterprisefact
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_factpack_deleted();
CREATE TRIGGER registry_factpack_truncate AFTER TRUNCATE ON registry_enterprisefact
    FOR EACH STATEMENT EXECUTE FUNCTION registry_factpack_truncated();

SELECT registry_pack_facts(ARRAY(SELECT DISTINCT entity_code FROM registry_enterprisefact));
"""

DROP = r"""
DROP TRIGGER IF EXISTS registry_factpack_insert ON registry_enterprisefact;
DROP TRIGGER IF EXISTS registry_factpack_update ON registry_enterprisefact;
DROP TRIGGER IF EXISTS registry_factpack_delete ON registry_enterprisefact;
DROP TRIGGER IF EXISTS registry_factpack_truncate ON registry_enterprisefact;
DROP FUNCTION IF EXISTS registry_factpack_inserted(), registry_factpack_updated(), registry_factpack_deleted(),
    registry_factpack_truncated(), registry_pack_facts(text[]);
DROP TABLE IF EXISTS registry_factpack;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_more_standard_facts"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
