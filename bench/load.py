"""Load test (issue 13, scale-out): gunicorn with N sync workers on loopback, driven from
this second process by concurrent signed-in clients; throughput and p95 latency per page,
zero errors asserted.

    .venv/bin/python bench/load.py --workers 2 4 --seconds 30 --clients 8

Reads the database the settings point at (DATABASE_URL or var/zhengxian.sqlite3: load the
demo or bench/generate.py first), signs in as the campaign office (``--user``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

from bench.http_client import login  # noqa: E402


def load_paths() -> dict[str, str]:
    """The main pages (bench/pages.py's list), with the newest published period's ranking
    (else the newest sheet's)."""
    import django

    django.setup()
    from bench.pages import page_paths
    from zhengxian.scoring.models import ScoreSheet

    sheet = ScoreSheet.objects.filter(published_at__isnull=False).order_by("-published_at").first()
    # A generated data set has sheets in preview only (bench/pages.py scores one).
    sheet = sheet or ScoreSheet.objects.order_by("-computed_at").first()
    return page_paths(sheet)


def hammer(base: str, path: str, sessions: list[requests.Session], seconds: float) -> dict:
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(session: requests.Session) -> None:
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                answer = session.get(f"{base}{path}", timeout=60, allow_redirects=False)
                ok = answer.status_code == 200
                what = str(answer.status_code)
            except requests.RequestException as error:
                ok, what = False, type(error).__name__
            elapsed = time.perf_counter() - started
            with lock:
                times.append(elapsed)
                if not ok:
                    errors.append(what)

    threads = [threading.Thread(target=client, args=(s,)) for s in sessions]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))] if times else float("nan")
    return {"n": len(times), "rps": len(times) / wall, "p95": p95 * 1000, "errors": errors}


def serve(workers: int, port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
    )
    for _ in range(200):
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except requests.RequestException:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[2])
    parser.add_argument("--seconds", type=float, default=30.0, help="per page and configuration")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--port", type=int, default=18301)
    parser.add_argument("--user", default="office")
    parser.add_argument("--password", default="zhengxian2026")
    args = parser.parse_args()
    pages = load_paths()
    failed = False
    for workers in args.workers:
        process = serve(workers, args.port)
        try:
            base = f"http://127.0.0.1:{args.port}"
            first = login(base, args.user, args.password)
            sessions = [first] + [requests.Session() for _ in range(args.clients - 1)]
            for session in sessions[1:]:
                session.cookies.update(first.cookies)
            print(
                f"\n{workers} gunicorn workers, {args.clients} clients, {args.seconds:.0f} s a page"
            )
            print("| page | requests | req/s | p95 ms | errors |\n|---|---:|---:|---:|---:|")
            for name, path in pages.items():
                got = hammer(base, path, sessions, args.seconds)
                failed |= bool(got["errors"])
                errors = len(got["errors"]) and f"{len(got['errors'])} ({got['errors'][0]})"
                print(
                    f"| {name} `{path}` | {got['n']} | {got['rps']:.1f} | {got['p95']:.0f} | {errors} |"
                )
        finally:
            process.terminate()
            process.wait(timeout=30)
    if failed:
        print("FAILED: some requests did not answer 200")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
