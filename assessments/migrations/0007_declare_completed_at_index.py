"""Declare 0003's raw-SQL index in Assessment.Meta.indexes, keeping the index itself.

The state gains the index; the database keeps the one 0003 made. `IF NOT EXISTS` (SQLite and
PostgreSQL) creates it only where it is missing, e.g. on SQLite after a table rebuild, which
recreates only the indexes the state knew. Reversing leaves it to 0003's reverse to drop it.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessments", "0006_backfill_latest_and_dimension_scores")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql="CREATE INDEX IF NOT EXISTS assessments_completed_at_idx "
                    "ON assessments_assessment (status, completed_at)",
                    reverse_sql=migrations.RunSQL.noop,
                )
            ],
            state_operations=[
                migrations.AddIndex(
                    model_name="assessment",
                    index=models.Index(
                        fields=["status", "completed_at"], name="assessments_completed_at_idx"
                    ),
                )
            ],
        )
    ]
