"""Two app servers behind Varnish, sharing one PostgreSQL and one Redis: what an editor
publishes on one is what every reader gets through the edge cache, at once."""

import http.client
import re

import pytest
import requests

# One xdist worker runs every stack test: they share one started stack (session fixture).
pytestmark = [pytest.mark.stack, pytest.mark.xdist_group("stack")]


def edge_get(stack, path, **kwargs):
    return requests.get(stack.varnish.url + path, timeout=10, **kwargs)


def title_of(response):
    match = re.search(r"<h1[^>]*>\s*(.*?)\s*</h1>", response.text, re.S)
    return match.group(1) if match else None


def warm(stack, path):
    edge_get(stack, path)
    response = edge_get(stack, path)
    assert response.headers["X-Edge-Cache"] == "hit"
    return response


def test_publish_on_one_server_is_served_by_both_through_the_edge_at_once(stack):
    section_id, path = stack.content["section"]
    assert "Xây dựng Đảng" in warm(stack, path).text
    for server in (stack.a, stack.b):  # the shared page cache (Redis) holds it too
        requests.get(server.url + path, timeout=10)
        assert requests.get(server.url + path, timeout=10).headers["X-Page-Cache"] == "hit"

    editor = stack.editor(stack.a)
    form = editor.get(f"/admin/pages/{section_id}/edit/").text
    from .stack import form_fields

    fields = form_fields(form, containing="title")
    fields.update(title="Xây dựng Đảng và hệ thống chính trị", intro="Bản thứ hai")
    fields["action-publish"] = "action-publish"
    response = editor.post(f"/admin/pages/{section_id}/edit/", fields, allow_redirects=False)
    assert response.status_code == 302, response.text[:2000]

    # The very next requests, through the edge and to each app server, show the new version:
    # the BAN and the page cache's version bump happened before the editor's answer.
    fresh = edge_get(stack, path)
    assert fresh.headers["X-Edge-Cache"] == "miss"
    assert "Xây dựng Đảng và hệ thống chính trị" in fresh.text
    served_by = {}
    for number in range(4):  # misses go round robin over both app servers
        response = edge_get(stack, f"{path}?lan={number}")
        served_by[response.headers["X-App-Server"]] = "Bản thứ hai" in response.text
    assert served_by == {"app0": True, "app1": True}
    for server in (stack.a, stack.b):
        assert "Xây dựng Đảng và hệ thống chính trị" in requests.get(server.url + path).text


def test_unpublished_deleted_and_moved_pages_leave_the_edge_at_once(stack):
    (first_id, first), (second_id, second), (third_id, third) = stack.content["articles"]
    unit_id, unit_path = stack.content["unit"]
    for path in (first, second, third):
        warm(stack, path)
    editor = stack.editor(stack.b)

    editor.get(f"/admin/pages/{first_id}/unpublish/")
    response = editor.post(f"/admin/pages/{first_id}/unpublish/", {}, allow_redirects=False)
    assert response.status_code == 302
    assert edge_get(stack, first).status_code == 404
    assert requests.get(stack.a.url + first, timeout=10).status_code == 404

    editor.get(f"/admin/pages/{second_id}/delete/")
    response = editor.post(f"/admin/pages/{second_id}/delete/", {}, allow_redirects=False)
    assert response.status_code == 302
    assert edge_get(stack, second).status_code == 404

    editor.get(f"/admin/pages/{third_id}/move/{unit_id}/confirm/")
    response = editor.post(
        f"/admin/pages/{third_id}/move/{unit_id}/confirm/", {}, allow_redirects=False
    )
    assert response.status_code == 302
    moved = unit_path + third.rstrip("/").rsplit("/", 1)[1] + "/"
    old = edge_get(stack, third, allow_redirects=False)  # Wagtail made a redirect on the move
    assert old.status_code == 301 and old.headers["Location"].endswith(moved)
    assert edge_get(stack, moved).status_code == 200


def test_the_edge_passes_editors_admin_and_posts_and_ignores_trackers(stack):
    _id, path = stack.content["unit"]
    warm(stack, path)
    tracked = edge_get(stack, path + "?utm_source=zalo&fbclid=abc", cookies={"_ga": "GA1.2.3"})
    assert tracked.headers["X-Edge-Cache"] == "hit"
    assert edge_get(stack, path, cookies={"sessionid": "x"}).headers["X-Edge-Cache"] == "pass"
    assert edge_get(stack, path, cookies={"csrftoken": "x"}).headers["X-Edge-Cache"] == "pass"
    assert edge_get(stack, "/admin/login/").headers["X-Edge-Cache"] == "pass"
    assert edge_get(stack, "/readyz").headers["X-Edge-Cache"] == "pass"
    posted = requests.post(stack.varnish.url + "/counter/", data={"page": ""}, timeout=10)
    assert posted.headers["X-Edge-Cache"] == "pass"

    # An editor logged in through the edge sees the admin and the draft preview, uncached.
    from .stack import EDITOR, Browser

    editor = Browser(stack.varnish.url).log_in(*EDITOR)
    section_id, _path = stack.content["section"]
    dashboard = editor.get("/admin/")
    assert dashboard.status_code == 200 and dashboard.headers["X-Edge-Cache"] == "pass"
    page = editor.get(path)
    assert page.headers["X-Edge-Cache"] == "pass"
    assert "X-Page-Cache" not in page.headers


def _ban_from(stack, source, method="BAN", path="/"):
    connection = http.client.HTTPConnection(
        "127.0.0.1", stack.varnish.port, timeout=10, source_address=(source, 0)
    )
    connection.request(method, path, headers={"Host": f"127.0.0.1:{stack.varnish.port}"})
    status = connection.getresponse().status
    connection.close()
    return status


def test_only_the_app_servers_may_ban_or_purge(stack):
    _id, path = stack.content["unit"]
    warm(stack, path)
    assert _ban_from(stack, "127.0.0.2") == 403
    assert _ban_from(stack, "127.0.0.2", "PURGE", path) == 403
    assert edge_get(stack, path).headers["X-Edge-Cache"] == "hit"
    assert _ban_from(stack, "127.0.0.1") == 200
    assert edge_get(stack, path).headers["X-Edge-Cache"] == "miss"
