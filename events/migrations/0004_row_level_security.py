"""Layer 2 of tenancy: row-level security on every tenant table of events (portal/rls.py)."""

from django.db import migrations

from portal.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("events", "0003_calendar_sequence"), ("consulting", "0011_row_level_security")]

    operations = [
        EnableRowLevelSecurity("Event"),
        EnableRowLevelSecurity("Registration"),
    ]
