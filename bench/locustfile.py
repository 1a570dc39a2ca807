"""A small concurrent load on loopback: public country page, a national plan page, and /healthz.

    bench/load.sh              # gunicorn on 127.0.0.1:8765 (2 workers), 8 users for 30 s, then both stop

Only 127.0.0.1: never point it at a server you do not own.
"""

from __future__ import annotations

from locust import HttpUser, between, task


class Visitor(HttpUser):
    wait_time = between(0.5, 1.5)

    @task(3)
    def country(self) -> None:
        self.client.get("/open/", name="public country page")

    @task(2)
    def plan(self) -> None:
        self.client.get("/open/plans/gender-2025-2027/", name="public national plan page")

    @task(1)
    def health(self) -> None:
        self.client.get("/healthz", name="trivial view")
