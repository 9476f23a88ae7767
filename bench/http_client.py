"""Signing in to a running Zhengxian over HTTP, as the benchmarks and checks that drive real
servers do (bench/load.py, bench/multiserver_check.py)."""

from __future__ import annotations

import requests


def login(base: str, username: str, password: str, *, timeout: float = 30) -> requests.Session:
    """A client holding the session and CSRF cookies of ``username`` on the server at ``base``."""
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=timeout)
    answer = session.post(
        f"{base}/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=timeout,
    )
    if answer.status_code != 302:
        raise SystemExit(f"login as {username} on {base} answered {answer.status_code}")
    return session
