"""Layer 2 of tenancy: row-level security on every tenant table of reports (portal/rls.py)."""

from django.db import migrations

from portal.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_quarterly_report_claimed_by_task"),
        ("portal", "0003_row_level_security"),
    ]

    operations = [
        EnableRowLevelSecurity("QuarterlyReport"),
    ]
