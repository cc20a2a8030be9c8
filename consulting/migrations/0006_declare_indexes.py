"""Declare the indexes in the models' Meta.indexes instead of 0005's raw SQL, and add the company
list's (issue #6): a company's latest session and request, and the list's order by name.

Django allows index names of at most 30 characters, so four of 0005's indexes get shorter names:
the old index is dropped (`IF EXISTS`: SQLite rebuilds a table with only the indexes the state
knows, so it may be gone already) and created again under the new name by `AddIndex`. The fifth,
`consulting_session_date_idx`, keeps its name: the state gains it and the database keeps the one
0005 made (`IF NOT EXISTS` creates it only where it is missing). Every statement is one that
SQLite and PostgreSQL both run, on a fresh database as on an upgraded one; reversing restores
0005's indexes.
"""

from django.db import migrations, models

RENAMED = {
    # 0005's name: (table, columns)
    "consulting_session_partner_date_idx": ("consulting_advisorysession", "partner_id, date"),
    "consulting_company_lead_created_idx": ("consulting_company", "lead_partner_id, created_at"),
    "consulting_request_partner_created_idx": (
        "consulting_consultationrequest",
        "partner_id, created_at",
    ),
    "consulting_request_status_created_idx": (
        "consulting_consultationrequest",
        "status, created_at",
    ),
}


class Migration(migrations.Migration):
    dependencies = [("consulting", "0005_report_indexes")]

    operations = [
        *[
            migrations.RunSQL(
                sql=f"DROP INDEX IF EXISTS {name}",
                reverse_sql=f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})",
            )
            for name, (table, columns) in RENAMED.items()
        ],
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql="CREATE INDEX IF NOT EXISTS consulting_session_date_idx "
                    "ON consulting_advisorysession (date)",
                    reverse_sql=migrations.RunSQL.noop,  # 0005's reverse drops it
                )
            ],
            state_operations=[
                migrations.AddIndex(
                    model_name="advisorysession",
                    index=models.Index(fields=["date"], name="consulting_session_date_idx"),
                )
            ],
        ),
        migrations.AddIndex(
            model_name="advisorysession",
            index=models.Index(fields=["partner", "date"], name="consulting_session_partner_idx"),
        ),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(
                fields=["lead_partner", "created_at"], name="consulting_company_lead_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="consultationrequest",
            index=models.Index(
                fields=["partner", "created_at"], name="consulting_request_partner_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="consultationrequest",
            index=models.Index(
                fields=["status", "created_at"], name="consulting_request_status_idx"
            ),
        ),
        # new for the company list
        migrations.AddIndex(
            model_name="advisorysession",
            index=models.Index(fields=["company", "date"], name="consulting_session_company_idx"),
        ),
        migrations.AddIndex(
            model_name="consultationrequest",
            index=models.Index(
                fields=["company", "created_at"], name="consulting_request_company_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="company",
            index=models.Index(fields=["name", "id"], name="consulting_company_name_idx"),
        ),
    ]
