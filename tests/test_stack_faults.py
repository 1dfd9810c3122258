"""Faults under a steady load, on servers the tests start themselves: the database
restarts, Redis stops, the search backend is unreachable, the media store refuses files.

The load (tests/stack.py, ``Load``) runs through Varnish and straight at an app server;
a failure is a 5xx or no answer. A POST endpoint whose acknowledged submissions must
survive every fault joins ``reader_endpoints`` with an ``on_success`` that records what
was acknowledged, and the test checks those rows afterwards.
"""

import time

import pytest
import requests

from portal.storage import MESSAGE as UPLOAD_REFUSED
from search.availability import MESSAGE as SEARCH_UNAVAILABLE

from .stack import Load, count_rows, reader_endpoints, upload

# One xdist worker runs every stack test: they share one started stack (session fixture).
pytestmark = [pytest.mark.stack, pytest.mark.xdist_group("stack")]
RECOVERY_SECONDS = 5  # after the database is back: reconnect, and Varnish's probe says healthy


def start_load(stack, *servers, rate=30.0, **kwargs):
    return [
        Load(server.url, reader_endpoints(stack, **kwargs), rate=rate).start() for server in servers
    ]


def stop_load(loads):
    for load in loads:
        load.stop()
    return loads


def report(name, loads, **figures):
    results = [r for load in loads for r in load.results]
    failures = [r for load in loads for r in load.failures()]
    print(f"\n[{name}] {len(results)} requests, {len(failures)} failures", figures)


def test_postgres_restart_errors_only_while_it_is_down_and_the_app_recovers_alone(stack):
    pids = [server.server.process.pid for server in (stack.a, stack.b)]
    loads = start_load(stack, stack.varnish, stack.a)
    time.sleep(2)
    stopped_at = time.monotonic()
    stack.postgres.stop()
    not_ready = requests.get(stack.a.url + "/readyz", timeout=10)
    time.sleep(1)
    stack.postgres.start()
    back_at = time.monotonic()
    time.sleep(RECOVERY_SECONDS + 3)
    stop_load(loads)

    assert not_ready.status_code == 503
    assert not_ready.json()["database"] == "failed"
    assert "Traceback" not in not_ready.text and "127.0.0.1" not in not_ready.text
    for load in loads:
        outside = [
            r
            for r in load.failures()
            if not stopped_at <= r.at + r.seconds <= back_at + RECOVERY_SECONDS
        ]
        assert outside == [], f"failures outside the restart window at {load.base_url}"
        after = load.between(back_at + RECOVERY_SECONDS, time.monotonic())
        assert {r.endpoint for r in after} == {e.name for e in load.endpoints}
        assert all(r.status < 500 and r.status != 0 for r in after)
    # Recovery without restarting the app: the same gunicorn processes, still running.
    assert [server.server.process.pid for server in (stack.a, stack.b)] == pids
    assert all(server.server.process.poll() is None for server in (stack.a, stack.b))
    report("postgres restart", loads, down_seconds=round(back_at - stopped_at, 1))


def test_redis_outage_serves_every_page_and_keeps_editors_logged_in(stack):
    editor = stack.editor(stack.a)
    loads = start_load(stack, stack.varnish, stack.a, stack.b)
    time.sleep(1)
    stack.redis.stop()
    try:
        time.sleep(2)
        dashboard = editor.get("/admin/")
        ready = requests.get(stack.b.url + "/readyz", timeout=10)
        time.sleep(1)
    finally:
        stack.redis.start()
    time.sleep(1)
    stop_load(loads)

    assert dashboard.status_code == 200 and dashboard.url.endswith("/admin/")  # not the login
    assert ready.status_code == 200
    assert ready.json() == {
        "status": "degraded",
        "database": "ok",
        "cache": "failed",
        "search": "ok",
    }
    for load in loads:
        assert load.failures() == [], f"5xx or no answer at {load.base_url}"
    report("redis outage", loads)


def test_unreachable_search_backend_says_so_and_everything_else_works(stack, degraded_app):
    loads = start_load(stack, degraded_app)
    time.sleep(3)
    page = requests.get(degraded_app.url + "/search/?q=dai+hoi", timeout=10)
    as_json = requests.get(degraded_app.url + "/search/?q=dai+hoi&format=json", timeout=10)
    suggest = requests.get(degraded_app.url + "/search/suggest/?q=dai", timeout=10)
    ready = requests.get(degraded_app.url + "/readyz", timeout=10)
    stop_load(loads)

    assert page.status_code == 503 and SEARCH_UNAVAILABLE in page.text
    assert "Traceback" not in page.text
    assert as_json.status_code == 503 and as_json.json() == {"error": SEARCH_UNAVAILABLE}
    assert suggest.status_code == 503
    assert ready.status_code == 200 and ready.json()["search"] == "failed"
    searches = [r for r in loads[0].results if r.endpoint == "search"]
    assert searches and all(r.status == 503 for r in searches)
    others = [r for r in loads[0].results if r.endpoint != "search"]
    assert others and all(200 <= r.status < 300 for r in others)
    report("search unreachable (the 503s are the searches, by design)", loads)


def test_s3_refusing_writes_fails_the_upload_with_a_message_and_saves_nothing(stack):
    editor = stack.editor(stack.a)
    loads = start_load(stack, stack.varnish, search=False)
    images, documents = (
        count_rows(stack, "wagtailimages_image"),
        count_rows(stack, "wagtaildocs_document"),
    )
    stored = upload(editor, "image", "Ảnh hội nghị")
    assert stored.status_code == 200 and UPLOAD_REFUSED not in stored.text
    assert count_rows(stack, "wagtailimages_image") == images + 1
    assert any(key.startswith("media/original_images/") for key in stack.s3.object_keys())

    stack.s3.delete_bucket()  # every write is now refused (NoSuchBucket)
    try:
        refused_image = upload(editor, "image", "Ảnh không lưu được")
        refused_document = upload(editor, "document", "Văn bản không lưu được")
    finally:
        stack.s3.create_bucket()
    stop_load(loads)

    for response in (refused_image, refused_document):
        assert response.status_code == 200 and UPLOAD_REFUSED in response.text
    assert count_rows(stack, "wagtailimages_image") == images + 1
    assert count_rows(stack, "wagtaildocs_document") == documents
    assert loads[0].failures() == []
    report("s3 refuses writes", loads)


def test_full_media_volume_fails_the_upload_with_a_message_and_saves_nothing(stack, degraded_app):
    editor = stack.editor(degraded_app)
    loads = start_load(stack, degraded_app, search=False)
    images = count_rows(stack, "wagtailimages_image")
    refused = upload(editor, "image", "Ảnh khi đĩa đầy")
    assert refused.status_code == 200 and UPLOAD_REFUSED in refused.text
    assert count_rows(stack, "wagtailimages_image") == images
    assert not list(degraded_app.volume.path.rglob("*.png"))  # no file without its row either

    degraded_app.volume.free()
    stored = upload(editor, "image", "Ảnh khi đĩa còn chỗ")
    stop_load(loads)
    assert UPLOAD_REFUSED not in stored.text
    assert count_rows(stack, "wagtailimages_image") == images + 1
    assert loads[0].failures() == []
    report("media volume full", loads)
