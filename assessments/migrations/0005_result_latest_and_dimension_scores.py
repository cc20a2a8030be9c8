"""Stored aggregates for benchmarks and report figures: `AssessmentResult.is_latest` and the
dimension scores of each result as rows (ResultDimension). Filled by 0006."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_report_claimed_by_task")]

    operations = [
        migrations.AddField(
            model_name="assessmentresult",
            name="is_latest",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.CreateModel(
            name="ResultDimension",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.SlugField(max_length=40, verbose_name="key")),
                (
                    "score",
                    models.DecimalField(decimal_places=2, max_digits=4, verbose_name="score"),
                ),
                ("sector_section", models.CharField(max_length=1)),
                ("size_class", models.CharField(blank=True, max_length=12)),
                ("is_latest", models.BooleanField(default=False)),
                (
                    "result",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="dimension_scores",
                        to="assessments.assessmentresult",
                    ),
                ),
            ],
            options={"base_manager_name": "objects"},
        ),
        migrations.AddIndex(
            model_name="assessmentresult",
            index=models.Index(
                condition=models.Q(("is_latest", True)),
                fields=["sector_section", "overall_score"],
                name="result_latest_sector_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="assessmentresult",
            index=models.Index(
                condition=models.Q(("is_latest", True)),
                fields=["size_class", "overall_score"],
                name="result_latest_size_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="resultdimension",
            index=models.Index(
                condition=models.Q(("is_latest", True)),
                fields=["sector_section", "key", "score"],
                name="dimension_latest_sector_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="resultdimension",
            index=models.Index(
                condition=models.Q(("is_latest", True)),
                fields=["size_class", "key", "score"],
                name="dimension_latest_size_idx",
            ),
        ),
        migrations.AddConstraint(
            model_name="resultdimension",
            constraint=models.UniqueConstraint(
                fields=("result", "key"), name="dimension_score_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="resultdimension",
            constraint=models.CheckConstraint(
                condition=models.Q(("score__gte", 0), ("score__lte", 5)),
                name="dimension_score_in_range",
            ),
        ),
    ]
