"""Locust users of `python -m bench load`: public visitors and editors.

Started by bench/bench_load.py against a loopback gunicorn; not meant to be pointed elsewhere.
Editors write each acknowledged edit (asset, version, title) to $LOAD_EDITS, one JSON per line.
"""

import json
import os
import random
import threading
import uuid

from locust import HttpUser, between, task

EDITS = os.environ["LOAD_EDITS"]
EDITORS = json.loads(os.environ["LOAD_EDITORS"])  # [[header value, [asset ids]], ...]
PUBLIC = json.loads(os.environ["LOAD_PUBLIC"])  # {"cities": [...], "assets": [...], "tiles": [...]}
_lock = threading.Lock()
_next_editor = iter(range(len(EDITORS)))


class PublicVisitor(HttpUser):
    weight = 10
    wait_time = between(0.5, 2)

    @task(3)
    def city_page(self):
        self.client.get(f"/cities/{random.choice(PUBLIC['cities'])}/", name="/cities/[slug]/")

    @task(3)
    def layer(self):
        self.client.get(
            f"/layers/assets.geojson?city={random.choice(PUBLIC['cities'])}", name="/layers/"
        )

    @task(4)
    def tile(self):
        self.client.get(random.choice(PUBLIC["tiles"]), name="/tiles/")

    @task(2)
    def asset_page(self):
        self.client.get(f"/assets/{random.choice(PUBLIC['assets'])}/", name="/assets/[ref]/")

    @task(1)
    def register(self):
        self.client.get(
            f"/cities/{random.choice(PUBLIC['cities'])}/register/", name="/cities/[slug]/register/"
        )


class Editor(HttpUser):
    fixed_count = len(EDITORS)
    wait_time = between(1, 3)

    def on_start(self):
        with _lock:
            authorization, self.assets = EDITORS[next(_next_editor) % len(EDITORS)]
        self.client.headers["Authorization"] = authorization

    @task
    def rename_an_asset(self):
        asset = random.choice(self.assets)
        read = self.client.get(f"/api/v1/assets/{asset}/", name="/api/v1/assets/[id]/ GET")
        if read.status_code != 200:
            return
        title = f"load-{uuid.uuid4().hex[:12]}"
        with self.client.patch(
            f"/api/v1/assets/{asset}/",
            json={"type": "Feature", "properties": {"title": title}},
            headers={"If-Match": read.headers["ETag"]},
            name="/api/v1/assets/[id]/ PATCH",
            catch_response=True,
        ) as response:
            if response.status_code == 412:
                response.success()  # another editor won the race: not acknowledged, not an error
                return
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return
            version = int(response.headers["ETag"].strip('"'))
            with _lock, open(EDITS, "a") as edits:
                edits.write(json.dumps({"asset": asset, "version": version, "title": title}) + "\n")
