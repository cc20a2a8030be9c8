"""Layer 2 of tenancy: row-level security on every tenant table of consulting (portal/rls.py)."""

from django.db import migrations

from portal.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [("consulting", "0010_pending_signup"), ("portal", "0003_row_level_security")]

    operations = [
        EnableRowLevelSecurity("Company"),
        EnableRowLevelSecurity("CompanyShare"),
        EnableRowLevelSecurity("CompanyMember"),
        EnableRowLevelSecurity("Contact"),
        EnableRowLevelSecurity("CompanyInvitation"),
        EnableRowLevelSecurity("AvailabilitySlot"),
        EnableRowLevelSecurity("ConsultationRequest"),
        EnableRowLevelSecurity("AdvisorySession"),
        EnableRowLevelSecurity("FollowUp"),
    ]
