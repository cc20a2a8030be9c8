"""Operations: what an operator runs the portal with (issue #19).

- `config`: pure functions the settings call (broker URL, storages, logging);
- `health`: /healthz (liveness) and /readyz (readiness);
- `observability`: request ids, JSON logs, the access log, their hand-over to Celery tasks;
- `metrics`: /metrics for Prometheus (internal network or token only), Celery figures;
- `beat`: the Redis lock that keeps a second beat waiting;
- `backup`: pg_dump / pg_restore plus the media, behind `make backup` / `make restore`.
"""
