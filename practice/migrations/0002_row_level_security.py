"""Layer 2 of tenancy: row-level security on every tenant table of practice (portal/rls.py).

NetworkPartner is no tenant (organisations outside the consortium, public) and has none."""

from django.db import migrations

from portal.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("practice", "0001_initial"), ("consulting", "0011_row_level_security")]

    operations = [
        EnableRowLevelSecurity("Case"),
        EnableRowLevelSecurity("CaseApproval"),
        EnableRowLevelSecurity("CaseViewDay"),
        EnableRowLevelSecurity("Referral"),
    ]
