"""Layer 2 of tenancy: row-level security on every tenant table of economics (portal/rls.py)."""

from django.db import migrations

from portal.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [
        ("economics", "0001_initial"),
        ("consulting", "0011_row_level_security"),
        ("assessments", "0008_row_level_security"),
    ]

    operations = [
        EnableRowLevelSecurity("MeasureTemplate"),
        EnableRowLevelSecurity("Evaluation"),
        EnableRowLevelSecurity("EvaluationVersion"),
        EnableRowLevelSecurity("LineItem"),
        EnableRowLevelSecurity("EvaluationReport"),
    ]
