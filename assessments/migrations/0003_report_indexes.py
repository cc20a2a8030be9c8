"""Index for the report figures' filter: completed assessments in a period (plain SQL, so the
models' state is unchanged)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_questionnaire_v1")]

    operations = [
        migrations.RunSQL(
            sql="CREATE INDEX IF NOT EXISTS assessments_completed_at_idx "
            "ON assessments_assessment (status, completed_at)",
            reverse_sql="DROP INDEX IF EXISTS assessments_completed_at_idx",
        )
    ]
