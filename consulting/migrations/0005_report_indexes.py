"""Indexes for the report figures' filters (reports, consulting/figures.py).

Plain SQL so that the models' state (owned by consulting's models.py) is unchanged; the
statements are standard SQL that SQLite and PostgreSQL both run.
"""

from django.db import migrations

INDEXES = {
    # sessions of one partner in a date range; all partners' sessions in a date range
    "consulting_session_partner_date_idx": (
        "consulting_advisorysession",
        "partner_id, date",
    ),
    "consulting_session_date_idx": ("consulting_advisorysession", "date"),
    # new companies of a lead partner in a period
    "consulting_company_lead_created_idx": ("consulting_company", "lead_partner_id, created_at"),
    # requests of a partner made in a period, and its open backlog
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
    dependencies = [("consulting", "0004_booking_requests_sessions")]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, (table, columns) in INDEXES.items()
    ]
