"""Make sure the file store exists and works: create the private bucket if needed, then probe it.

Run by docker/migrate.sh before web and worker start, and by benchmarks/scale_out.sh. With the
filesystem (no AWS_STORAGE_BUCKET_NAME) it creates MEDIA_ROOT.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the object storage bucket (private) if it is missing, and check the file store."

    def handle(self, *args: Any, **options: Any) -> None:
        storage = storages["default"]
        bucket = getattr(storage, "bucket", None)
        if bucket is None:
            settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
            where = str(settings.MEDIA_ROOT)
        else:
            where = f"bucket {bucket.name}"
            self._ensure_bucket(bucket)
        name = storage.save(f"_probe/{uuid.uuid4().hex}.txt", ContentFile(b"probe"))
        try:
            with storage.open(name, "rb") as probe:
                if probe.read() != b"probe":
                    raise CommandError(f"The file store ({where}) returned other content.")
        finally:
            storage.delete(name)
        self.stdout.write(f"File store ready: {type(storage).__name__}, {where}")

    def _ensure_bucket(self, bucket: Any) -> None:
        from botocore.exceptions import ClientError

        client = bucket.meta.client
        try:
            client.head_bucket(Bucket=bucket.name)
            return
        except ClientError as error:
            code = str(error.response.get("Error", {}).get("Code", ""))
            if code not in {"404", "NoSuchBucket", "NotFound"}:
                raise CommandError(f"Bucket {bucket.name}: {code or error}") from error
        region = client.meta.region_name
        if region and region != "us-east-1":
            client.create_bucket(
                Bucket=bucket.name, CreateBucketConfiguration={"LocationConstraint": region}
            )
        else:
            client.create_bucket(Bucket=bucket.name)
        self.stdout.write(f"Created the private bucket {bucket.name}.")
