"""Production settings for several app servers (issue 13, scale-out): nothing a request
counts or a job writes stays on one machine's memory or disk."""

from __future__ import annotations

from pathlib import Path

from .test_deploy_settings import HOST, random_secret, run_manage

SHOW = (
    "from django.conf import settings;"
    "print('SHOWN', settings.CACHES['default']['BACKEND'],"
    " settings.STORAGES['default']['BACKEND'],"
    " settings.STORAGES['default'].get('OPTIONS', {}).get('bucket_name'))"
)


def shown(stdout: str) -> list[str]:
    line = next(line for line in stdout.splitlines() if line.startswith("SHOWN "))
    return line.split()[1:]


PRODUCTION = {"DJANGO_SECRET_KEY": random_secret(), "DJANGO_ALLOWED_HOSTS": HOST}


def test_production_shares_its_cache_through_the_database(tmp_path: Path) -> None:
    result = run_manage("shell", "-c", SHOW, env=PRODUCTION, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    cache, storage, _bucket = shown(result.stdout)
    assert cache == "django.core.cache.backends.db.DatabaseCache"
    assert storage == "django.core.files.storage.FileSystemStorage"


def test_a_bucket_in_the_environment_puts_uploads_on_s3_compatible_storage(
    tmp_path: Path,
) -> None:
    env = PRODUCTION | {"ZHENGXIAN_S3_BUCKET": "zhengxian-files"}
    result = run_manage("shell", "-c", SHOW, env=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    _cache, storage, bucket = shown(result.stdout)
    assert storage == "storages.backends.s3.S3Storage"
    assert bucket == "zhengxian-files"
