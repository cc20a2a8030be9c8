"""Layer 2 of tenancy: row-level security on every tenant table of labs (portal/rls.py)."""

from django.db import migrations

from portal.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [
        ("labs", "0001_initial"),
        ("consulting", "0013_meeting_format_lab_trial"),
        ("portal", "0003_row_level_security"),
    ]

    operations = [
        EnableRowLevelSecurity("Lab"),
        EnableRowLevelSecurity("Blackout"),
        EnableRowLevelSecurity("Trial"),
    ]
