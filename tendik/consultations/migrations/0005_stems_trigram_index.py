"""A trigram index for the similar-recommendation search's LIKE on stems (PostgreSQL only; SQLite scans in C)."""

from django.db import migrations


def _create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS consultations_rec_stems_trgm "
        "ON consultations_recommendation USING gin (stems gin_trgm_ops)"
    )


def _drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS consultations_rec_stems_trgm")


class Migration(migrations.Migration):
    dependencies = [("consultations", "0004_recommendation_version")]

    operations = [migrations.RunPython(_create, _drop)]
