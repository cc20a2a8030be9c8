"""Layer 2 of tenancy: row-level security on every tenant table of assessments (portal/rls.py)."""

from django.db import migrations

from portal.rls import EnableRowLevelSecurity


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0007_declare_completed_at_index"),
        ("consulting", "0011_row_level_security"),
    ]

    operations = [
        EnableRowLevelSecurity("Assessment"),
        EnableRowLevelSecurity("Answer"),
        EnableRowLevelSecurity("SecurityAnswer"),
        EnableRowLevelSecurity("AssessmentResult"),
        EnableRowLevelSecurity("ResultDimension"),
        EnableRowLevelSecurity("Report"),
    ]
