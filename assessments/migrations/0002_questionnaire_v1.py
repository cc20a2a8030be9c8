"""Publish questionnaire version 1, so that a fresh installation can take the check at once."""

from django.db import migrations


def publish_v1(apps, schema_editor):
    from assessments.content import VERSION_1
    from assessments.loading import publish_questionnaire

    publish_questionnaire(VERSION_1, registry=apps)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(publish_v1, migrations.RunPython.noop)]
