"""Layer 2 of tenancy: row-level security on every tenant table of portal (portal/rls.py)."""

from django.db import migrations

from portal.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_user_language")]

    operations = [
        EnableRowLevelSecurity("StaffInvitation"),
        EnableRowLevelSecurity("AuditEntry"),
    ]
