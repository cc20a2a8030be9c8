"""Fill 0005's stored aggregates from the existing results.

The latest result of a company is its newest by (created_at, pk), the order the benchmarks used
before. Historical models, plain managers: no tenancy scope is involved. Reversing needs no
work here, as reversing 0005 drops the table and the flag.
"""

from decimal import Decimal

from django.db import migrations

BATCH = 500  # ids per UPDATE ... IN (...), well below SQLite's limit on query parameters
FLUSH_EVERY = 5000  # dimension rows held in memory before they are inserted


def backfill(apps, schema_editor):
    AssessmentResult = apps.get_model("assessments", "AssessmentResult")
    ResultDimension = apps.get_model("assessments", "ResultDimension")
    newest = {}
    ordered = AssessmentResult.objects.order_by("assessment__company_id", "created_at", "pk")
    for pk, company_id in ordered.values_list("pk", "assessment__company_id").iterator(
        chunk_size=2000
    ):
        newest[company_id] = pk  # the last one of each company wins
    latest = sorted(newest.values())
    for start in range(0, len(latest), BATCH):
        AssessmentResult.objects.filter(pk__in=latest[start : start + BATCH]).update(is_latest=True)
    latest_set = set(latest)
    rows = []
    results = AssessmentResult.objects.order_by("pk").values_list(
        "pk", "dimensions", "sector_section", "size_class"
    )
    for pk, dimensions, sector_section, size_class in results.iterator(chunk_size=2000):
        rows += [
            ResultDimension(
                result_id=pk,
                key=dimension["key"],
                score=Decimal(f"{float(dimension['score']):.2f}"),
                sector_section=sector_section,
                size_class=size_class,
                is_latest=pk in latest_set,
            )
            for dimension in dimensions or []
        ]
        if len(rows) >= FLUSH_EVERY:
            ResultDimension.objects.bulk_create(rows, batch_size=1000)
            rows = []
    ResultDimension.objects.bulk_create(rows, batch_size=1000)
    if schema_editor.connection.vendor == "postgresql":
        # Planner statistics for the freshly filled rows: without them (autovacuum may be off,
        # or not yet round) PostgreSQL expects a handful of rows and sorts the benchmark's
        # tens of thousands on disk.
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ANALYZE assessments_assessmentresult, assessments_resultdimension")


class Migration(migrations.Migration):
    dependencies = [("assessments", "0005_result_latest_and_dimension_scores")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False)]
