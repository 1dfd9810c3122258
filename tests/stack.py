"""The production stack, started by the tests on 127.0.0.1: a PostgreSQL cluster of its own
(initdb/pg_ctl in a temporary folder), its own redis-server, an S3-compatible server
(moto_server), gunicorn app servers with production settings, and Varnish with the
shipped VCL. Every server gets a free port and is stopped by the fixture that started it.

Also the load loop the fault tests run under (``Load``): threads sending a fixed mix of
requests at a fixed rate and recording every answer, so a test can say when errors
happened. An endpoint is a name, a method, a path and optionally a body builder and an
``on_success`` callback: a POST endpoint whose acknowledged submissions must never be lost
records what it sent there and the test checks the database afterwards.
"""

import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import requests
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, timeout=30.0, interval=0.1, what="server"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, requests.RequestException):
            pass
        time.sleep(interval)
    raise TimeoutError(f"{what} not ready after {timeout} s")


def _port_open(port) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def postgres_bin_dir() -> Path:
    """The newest PostgreSQL server binaries: /usr/lib/postgresql/*/bin or the PATH."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(re.search(r"/(\d+)/bin", path).group(1)),
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if not initdb:
        raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    return Path(initdb).resolve().parent


def _as_postgres(command):
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class PostgresCluster:
    def __init__(self):
        self.bin = postgres_bin_dir()
        self.folder = Path(tempfile.mkdtemp(prefix="stack-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        subprocess.run(
            _as_postgres(
                [self.bin / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust"]
                + ["--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]
            ),
            check=True,
            capture_output=True,
        )
        self.start()

    def url(self, name="portal"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _ctl(self, *args):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            _as_postgres([self.bin / "pg_ctl", "-D", self.data, "-l", self.folder / "log"])
            + ["-o", options, "-w", *args],
            check=True,
            capture_output=True,
        )

    def start(self):
        self._ctl("start")

    def stop(self):
        self._ctl("-m", "fast", "stop")

    def psql(self, sql, database="postgres"):
        subprocess.run(
            [self.bin / "psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]
            + ["-d", database, "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
            check=True,
            capture_output=True,
        )

    def destroy(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


class Process:
    """A server process with its output in a log file; stopped by terminate()."""

    def __init__(self, command, env=None, name="server"):
        self.name = name
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - open while the server runs
            prefix=f"stack-{name}-", suffix=".log", delete=False
        )
        self.process = subprocess.Popen(
            [str(part) for part in command],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    def terminate(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)


class Redis:
    def __init__(self):
        self.port = free_port()
        self.folder = tempfile.mkdtemp(prefix="stack-redis-")
        self.start()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.server = Process(
            ["redis-server", "--port", self.port, "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", self.folder],
            name="redis",
        )
        wait_for(lambda: _port_open(self.port), what="redis-server")

    def stop(self):
        self.server.terminate()


class S3Server:
    """moto_server: a real S3 HTTP API on 127.0.0.1, with one bucket for the media."""

    bucket = "portal-media"

    def __init__(self):
        self.server = Process([BIN / "moto_server", "-H", "127.0.0.1", "-p", "0"], name="s3")
        found = []

        def started():
            found[:] = re.findall(r"Running on http://127\.0\.0\.1:(\d+)", self.server.output())
            return bool(found)

        wait_for(started, what="moto_server")
        self.url = f"http://127.0.0.1:{found[0]}"
        self.create_bucket()

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            aws_access_key_id="stack",
            aws_secret_access_key="stack-secret",
            region_name="us-east-1",
        )

    def create_bucket(self):
        self.client().create_bucket(Bucket=self.bucket)

    def delete_bucket(self):
        """The store now refuses every write (NoSuchBucket)."""
        client = self.client()
        for item in client.list_objects_v2(Bucket=self.bucket).get("Contents", []):
            client.delete_object(Bucket=self.bucket, Key=item["Key"])
        client.delete_bucket(Bucket=self.bucket)

    def object_keys(self):
        response = self.client().list_objects_v2(Bucket=self.bucket)
        return [item["Key"] for item in response.get("Contents", [])]

    def env(self):
        return {
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.url,
            "AWS_ACCESS_KEY_ID": "stack",
            "AWS_SECRET_ACCESS_KEY": "stack-secret",
            "AWS_S3_REGION_NAME": "us-east-1",
        }


def production_env(**overrides):
    """What a deployment sets (docs/configuration.md), for servers on 127.0.0.1 over HTTP."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "AWS_", "ELASTICSEARCH"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        # Several app servers: the index is PostgreSQL's own (the embedded engine's files are
        # one machine's; docs/search.md).
        SEARCH_BACKEND="database",
        SECRET_KEY="stack-test-" + "k" * 50,
        # Production refuses a BASE_URL on this machine: links name a public host, the
        # servers are reached at 127.0.0.1 (both allowed). Mail is written to files.
        ALLOWED_HOSTS="127.0.0.1,localhost,tinhuy.stack.example",
        BASE_URL="http://tinhuy.stack.example",
        EMAIL_URL=f"filemail://{tempfile.gettempdir()}/stack-mail",
        SECURE_SSL_REDIRECT="False",
        SECURE_HSTS_SECONDS="0",
        CONN_MAX_AGE="60",
        PAGE_CACHE_SECONDS="600",
        LOG_LEVEL="ERROR",
        # These tests measure the edge and faults under steady load from one address, with a
        # superuser editor; two-factor login and the per-address limits have their own tests
        # (tests/test_security_*.py), so they are off here.
        TWO_FACTOR_REQUIRED="False",
        # Every named rate (portal.ratelimits reads RATE_LIMIT_<NAME>), a new one included.
        **{f"RATE_LIMIT_{name.upper()}": "" for name in settings.PORTAL_RATE_LIMITS},
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def manage(*args, env, timeout=300):
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


class AppServer:
    """gunicorn with the production settings (one worker, threads)."""

    def __init__(self, name, env, port=None, wrap=()):
        self.name = name
        self.port = port or free_port()
        self.env = env
        self.server = Process(
            [*wrap, BIN / "gunicorn", "portal.wsgi", "--bind", f"127.0.0.1:{self.port}"]
            + ["--workers", "1", "--threads", "4", "--worker-class", "gthread"]
            + ["--timeout", "30", "--graceful-timeout", "2", "--log-level", "warning"],
            env=env,
            name=f"app-{name}",
        )
        wait_for(
            lambda: requests.get(f"{self.url}/healthz", timeout=1).status_code == 200,
            timeout=60,
            what=f"app server {name}",
        )

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def memory_kb(self) -> int:
        """Resident memory of the arbiter and its workers."""
        total = 0
        pids = [self.server.process.pid]
        children = Path(f"/proc/{self.server.process.pid}/task/{self.server.process.pid}/children")
        if children.exists():
            pids += [int(pid) for pid in children.read_text().split()]
        for pid in pids:
            status = Path(f"/proc/{pid}/status")
            if status.exists():
                match = re.search(r"VmRSS:\s+(\d+)", status.read_text())
                total += int(match.group(1)) if match else 0
        return total

    def stop(self):
        self.server.terminate()


VCL_DIR = ROOT / "deploy" / "varnish"


class Varnish:
    """varnishd with the shipped deploy/varnish/default.vcl; servers.vcl written here."""

    def __init__(self, backends, purgers=("127.0.0.1",), port=None):
        self.port = port or free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="stack-varnish-"))
        os.chmod(self.folder, 0o755)
        lines = [
            'probe ready { .url = "/readyz"; .interval = 1s; .timeout = 2s;'
            " .window = 3; .threshold = 2; .initial = 2; }"
        ]
        for number, backend in enumerate(backends):
            lines.append(
                f'backend app{number} {{ .host = "127.0.0.1"; .port = "{backend.port}";'
                " .probe = ready; }"
            )
        lines.append("acl purgers { " + " ".join(f'"{ip}";' for ip in purgers) + " }")
        lines.append("sub vcl_init { new app = directors.round_robin();")
        lines += [f"  app.add_backend(app{number});" for number in range(len(backends))]
        lines.append("}")
        (self.folder / "servers.vcl").write_text("\n".join(lines) + "\n")
        varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
        self.server = Process(
            [varnishd, "-F", "-n", self.folder / "work", "-a", f"127.0.0.1:{self.port}"]
            + ["-f", VCL_DIR / "default.vcl", "-p", f"vcl_path={self.folder}:{VCL_DIR}"]
            + ["-s", "malloc,64m", "-T", "none"],
            name="varnish",
        )
        wait_for(lambda: _port_open(self.port), what="varnishd")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.server.terminate()
        shutil.rmtree(self.folder, ignore_errors=True)


class _Forms(HTMLParser):
    """The fields of the forms of a page, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"attrs": attrs, "fields": {}})
        elif not self.forms:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file", "image"):
                self.forms[-1]["fields"][attrs["name"]] = attrs.get(
                    "value", "on" if kind == "checkbox" else ""
                )
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            self.forms[-1]["fields"][self._textarea] = ""
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self.forms[-1]["fields"].setdefault(self._select, "")
        elif tag == "option" and "selected" in attrs and getattr(self, "_select", None):
            self.forms[-1]["fields"][self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self.forms[-1]["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_fields(html, containing):
    """The fields of the first form on the page that has a field named ``containing``."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if containing in form["fields"]:
            return dict(form["fields"])
    raise LookupError(f"no form with a {containing!r} field on the page")


class Browser:
    """An HTTP client that behaves like a browser behind the TLS terminator: it says the
    request came over HTTPS (X-Forwarded-Proto, as nginx does) and keeps Secure cookies."""

    def __init__(self, base_url):
        self.base = base_url
        self.cookies = {}
        self.session = requests.Session()
        self.session.headers["X-Forwarded-Proto"] = "https"

    def _keep_cookies(self, response):
        """Keep what Set-Cookie says, Secure or not; forget deleted cookies (max-age=0)."""
        from http.cookies import SimpleCookie

        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        self.session.cookies.clear()  # requests would not send Secure cookies over HTTP

    def request(self, method, path, headers=None, allow_redirects=True, **kwargs):
        """One request, then its redirects, each with the cookies kept so far (requests
        would drop a hand-set Cookie header on a redirect)."""
        history = []
        timeout = kwargs.pop("timeout", 30)
        while True:
            sent = {**(headers or {})}
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            response = self.session.request(
                method,
                self.base + path,
                headers=sent,
                timeout=timeout,
                allow_redirects=False,
                **kwargs,
            )
            self._keep_cookies(response)
            if not allow_redirects or response.status_code not in (301, 302, 303):
                response.history = history
                return response
            history.append(response)
            path = response.headers["Location"].removeprefix(self.base)
            method, headers, kwargs = "GET", {}, {}

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, files=None, **kwargs):
        origin = self.base.replace("http://", "https://")
        headers = {"Origin": origin, "Referer": origin + path, **kwargs.pop("headers", {})}
        data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        return self.request("POST", path, data=data, files=files, headers=headers, **kwargs)

    def log_in(self, username, password):
        self.get("/admin/login/")
        response = self.post("/admin/login/", {"username": username, "password": password})
        assert response.url.endswith("/admin/"), response.text[:500]
        return self


@dataclass
class Endpoint:
    """One kind of request in the load. A form that needs a CSRF token or a session
    fetches it in ``prepare`` (once per load thread, with that thread's session); the
    feedback form's "acknowledged submissions are never lost" check is, for example::

        acknowledged = []
        Endpoint("feedback", "/gop-y/", method="POST",
                 prepare=lambda client: client.get("/gop-y/"),  # a Browser: CSRF cookie
                 body=lambda n: {"noi_dung": f"Góp ý số {n}", ...},
                 on_success=lambda n, body, response: acknowledged.append(body))

    and after the fault, every body in ``acknowledged`` must be in the database.
    """

    name: str
    path: str
    method: str = "GET"
    body: object = None  # callable(sequence number) -> dict, for POST endpoints
    on_success: object = None  # callable(sequence number, body, response), on a 2xx
    prepare: object = None  # callable(Browser), once per load thread
    # A unique query string per request: a miss in every cache, so the database is used.
    uncached: bool = False


@dataclass
class Result:
    at: float
    endpoint: str
    status: int  # 0: no answer (connection refused, timeout)
    seconds: float


@dataclass
class Load:
    """Requests at a fixed rate (``rate`` per second across ``threads``), round robin over
    ``endpoints``, against ``base_url``; ``results`` grows until ``stop()``."""

    base_url: str
    endpoints: list
    rate: float = 40.0
    threads: int = 4
    results: list = field(default_factory=list)

    def __post_init__(self):
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._sequence = 0
        self._workers = []

    def _next(self):
        with self._lock:
            self._sequence += 1
            return self._sequence

    def _run(self):
        client = Browser(self.base_url)  # cookies and CSRF tokens as a browser keeps them
        for endpoint in self.endpoints:
            if endpoint.prepare:
                endpoint.prepare(client)
        interval = self.threads / self.rate
        next_at = time.monotonic()
        while not self._stop.is_set():
            number = self._next()
            endpoint = self.endpoints[number % len(self.endpoints)]
            path = endpoint.path
            if endpoint.uncached:
                path += ("&" if "?" in path else "?") + f"n={number}"
            body = endpoint.body(number) if endpoint.body else None
            started = time.monotonic()
            try:
                if endpoint.method == "POST":
                    response = client.post(path, body or {}, timeout=10, allow_redirects=False)
                else:
                    response = client.request(endpoint.method, path, timeout=10)
                status = response.status_code
                if endpoint.on_success and 200 <= status < 300:
                    endpoint.on_success(number, body, response)
            except requests.RequestException:
                status = 0
            finished = time.monotonic()
            with self._lock:
                self.results.append(Result(started, endpoint.name, status, finished - started))
            next_at += interval
            self._stop.wait(max(0.0, next_at - time.monotonic()))

    def start(self):
        for _ in range(self.threads):
            worker = threading.Thread(target=self._run, daemon=True)
            worker.start()
            self._workers.append(worker)
        return self

    def stop(self):
        self._stop.set()
        for worker in self._workers:
            worker.join(15)
        return self.results

    def between(self, start, end):
        return [r for r in self.results if start <= r.at <= end]

    def failures(self, results=None):
        return [
            r
            for r in (self.results if results is None else results)
            if r.status == 0 or r.status >= 500
        ]


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


CONTENT = """
import json
from django.contrib.auth import get_user_model
from home.models import HomePage
from tests.factories import ArticlePageFactory, SectionPageFactory, UnitKindFactory, UnitPageFactory
home = HomePage.objects.get(depth=2)
unit = UnitPageFactory(parent=home, title="Tỉnh ủy Tây Ninh", short_name="Tỉnh ủy",
                       kind=UnitKindFactory(name="Tỉnh ủy"), issuer_code="TU")
section = SectionPageFactory(parent=unit, title="Xây dựng Đảng", intro="Bản đầu tiên")
articles = [ArticlePageFactory(parent=section, title=f"Tin số {n} về đại hội") for n in range(3)]
get_user_model().objects.create_superuser("bientap", "bientap@example.invalid", "mat-khau-bien-tap-12")
print(json.dumps({"section": [section.pk, section.url], "unit": [unit.pk, unit.url],
                  "articles": [[a.pk, a.url] for a in articles]}))
"""
EDITOR = ("bientap", "mat-khau-bien-tap-12")


class Stack:
    """PostgreSQL + Redis + S3 + two app servers (A, B) + Varnish, all on 127.0.0.1."""

    def __init__(self):
        self.started = []
        self.static_root = tempfile.mkdtemp(prefix="stack-static-")
        try:
            self._start()
        except BaseException:
            self.close()  # whatever did start
            raise

    def _start(self):
        import json
        from concurrent.futures import ThreadPoolExecutor

        self.postgres = self._track(PostgresCluster(), "destroy")
        self.postgres.psql("CREATE DATABASE portal")
        self.redis = self._track(Redis(), "stop")
        self.s3 = self._track(S3Server(), "server.terminate")
        self.env = production_env(
            DATABASE_URL=self.postgres.url(),
            REDIS_URL=self.redis.url,
            STATIC_ROOT=self.static_root,
            **self.s3.env(),
        )
        # The schema and the static files do not depend on each other: build them together.
        with ThreadPoolExecutor(2) as pool:
            migrated = pool.submit(manage, "migrate", "--noinput", env=self.env)
            collected = pool.submit(manage, "collectstatic", "--noinput", env=self.env)
            migrated.result(), collected.result()
        self.varnish_port = free_port()  # the app servers need it before Varnish starts
        self.app_env = {**self.env, "FRONTEND_CACHE_URLS": f"http://127.0.0.1:{self.varnish_port}"}
        # The demo content and the two app servers' start, side by side.
        with ThreadPoolExecutor(3) as pool:
            content = pool.submit(manage, "shell", "--no-imports", "-c", CONTENT, env=self.env)
            servers = [pool.submit(AppServer, name, self.app_env) for name in "AB"]
            for server in servers:
                if server.exception() is None:
                    self._track(server.result(), "stop")
            self.a, self.b = (server.result() for server in servers)
            self.content = json.loads(content.result())
        self.varnish = self._track(Varnish([self.a, self.b], port=self.varnish_port), "stop")

    def _track(self, server, stop):
        self.started.append((server, stop))
        return server

    def close(self):
        def stop(entry):
            server, method = entry
            target = server
            for part in method.split("."):
                target = getattr(target, part)
            try:
                target()
            except Exception as error:  # keep stopping the others
                print(f"could not stop {server}: {error}", file=sys.stderr)

        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max(1, len(self.started))) as pool:
            list(pool.map(stop, self.started))
        shutil.rmtree(self.static_root, ignore_errors=True)

    def editor(self, server):
        return Browser(server.url).log_in(*EDITOR)


class FullVolume:
    """A 1 MB tmpfs, filled to the last byte: the media volume of a server whose disk is full."""

    def __init__(self):
        if os.geteuid() != 0:
            raise RuntimeError("mounting a small tmpfs (the full media volume) needs root")
        self.path = Path(tempfile.mkdtemp(prefix="stack-media-full-"))
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", self.path], check=True)
        self.filler = self.path / "filler"
        with open(self.filler, "wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\0" * 4096)
            except OSError:
                pass

    def free(self):
        self.filler.unlink(missing_ok=True)

    def remove(self):
        subprocess.run(["umount", self.path], check=False)
        shutil.rmtree(self.path, ignore_errors=True)


def reader_endpoints(stack, search=True):
    """What readers do: cached pages, an uncached search (a database query every time),
    and the visit counter's POST."""
    endpoints = [
        Endpoint("home", "/"),
        Endpoint("unit", stack.content["unit"][1]),
        Endpoint("section", stack.content["section"][1]),
        Endpoint("counter", "/counter/", method="POST", body=lambda n: {"page": ""}),
    ]
    if search:
        endpoints.append(Endpoint("search", "/search/?q=dai+hoi", uncached=True))
    return endpoints


def png(width=40, height=30, colour=(200, 30, 30)) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def pdf(text="Nghi quyet") -> bytes:
    from fpdf import FPDF

    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text=text)
    return bytes(document.output())


def upload(editor, kind, title):
    """Upload an image or a document through the admin's add form, as an editor does."""
    path = {"image": "/admin/images/add/", "document": "/admin/documents/add/"}[kind]
    fields = form_fields(editor.get(path).text, containing="title")
    fields["title"] = title
    content = (
        ("anh.png", png(), "image/png") if kind == "image" else ("vb.pdf", pdf(), "application/pdf")
    )
    return editor.post(path, fields, files={"file": content})


def count_rows(stack, table) -> int:
    import psycopg2

    with (
        psycopg2.connect(
            host="127.0.0.1", port=stack.postgres.port, user="postgres", dbname="portal"
        ) as db,
        db.cursor() as cursor,
    ):
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
        return cursor.fetchone()[0]


NGINX_CONF = ROOT / "deploy" / "nginx" / "portal.conf"


def self_signed_certificate(folder: Path):
    """A throwaway key and certificate for 127.0.0.1 (openssl)."""
    key, cert = folder / "privkey.pem", folder / "fullchain.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert],
        check=True,
        capture_output=True,
    )
    return key, cert


class Nginx:
    """nginx with the shipped deploy/nginx/portal.conf. Only what names this machine is
    changed: the listening addresses (127.0.0.1, free ports, no IPv6), the certificate (a
    self-signed one), /srv/portal (a folder whose static_collected/ and media/ point at the
    app's) and the upstream (``upstream``: Varnish in production, here any server)."""

    def __init__(self, upstream_port, static_root, media_root):
        self.folder = Path(tempfile.mkdtemp(prefix="stack-nginx-"))
        os.chmod(self.folder, 0o755)
        self.port, self.http_port = free_port(), free_port()
        srv = self.folder / "srv"
        srv.mkdir()
        (srv / "static_collected").symlink_to(static_root)
        (srv / "media").symlink_to(media_root)
        key, cert = self_signed_certificate(self.folder)
        conf = NGINX_CONF.read_text()
        replacements = [
            ("server 127.0.0.1:6081;", f"server 127.0.0.1:{upstream_port};"),
            ("listen 80;", f"listen 127.0.0.1:{self.http_port};"),
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{self.port} ssl http2;"),
            ("/etc/ssl/portal/fullchain.pem", str(cert)),
            ("/etc/ssl/portal/privkey.pem", str(key)),
            ("/srv/portal/", f"{srv}/"),
        ]
        for old, new in replacements:
            assert old in conf, f"deploy/nginx/portal.conf no longer has {old!r}"
            conf = conf.replace(old, new)
        conf = re.sub(r"^\s*listen \[::\].*$", "", conf, flags=re.M)
        (self.folder / "portal.conf").write_text(conf)
        temp = self.folder / "temp"
        temp.mkdir()
        user = "user root;" if os.geteuid() == 0 else ""  # the test's files are root's
        (self.folder / "nginx.conf").write_text(
            f"daemon off; worker_processes 1; {user}\n"
            f"pid {self.folder}/nginx.pid; error_log {self.folder}/error.log warn;\n"
            "events { worker_connections 256; }\n"
            "http {\n  include /etc/nginx/mime.types; default_type application/octet-stream;\n"
            f"  access_log off; client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy;\n"
            f"  fastcgi_temp_path {temp}/fcgi; uwsgi_temp_path {temp}/uwsgi;"
            f" scgi_temp_path {temp}/scgi;\n"
            f"  include {self.folder}/portal.conf;\n}}\n"
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.server = Process(
            [nginx, "-e", self.folder / "error.log", "-p", self.folder, "-c", "nginx.conf"],
            name="nginx",
        )
        wait_for(lambda: _port_open(self.port), what="nginx")

    @property
    def url(self):
        return f"https://127.0.0.1:{self.port}"

    def get(self, path, **kwargs):
        return requests.get(self.url + path, verify=False, timeout=10, **kwargs)  # noqa: S501

    def stop(self):
        self.server.terminate()
        shutil.rmtree(self.folder, ignore_errors=True)


SYSTEMD_DIR = ROOT / "deploy" / "systemd"


def unit_settings(unit: str) -> dict:
    """The [Service] settings of a shipped unit (deploy/systemd), continuation lines joined."""
    text = (SYSTEMD_DIR / unit).read_text().replace("\\\n", " ")
    found, section = {}, None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[Service]" and "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            found[key.strip()] = value.strip()
    return found


def unit_sandbox(unit: str, srv: Path, binds=()):
    """A command prefix that runs a program in the sandbox ``unit`` declares, as far as a
    mount namespace can (systemd is not PID 1 on the test machines): PrivateTmp (fresh /tmp
    and /var/tmp), ProtectSystem=strict (every mount read-only but /proc, /sys, /dev and
    the ReadWritePaths), NoNewPrivileges. /srv/portal in the unit is ``srv``. ``binds``
    (source, target) are mounted first (what the test keeps under /tmp). Not emulated:
    User/Group (the tests run as root, who still cannot write a read-only mount) and
    ProtectHome (this machine's Python lives under /root)."""
    import shlex

    unit_values = unit_settings(unit)
    writable = [  # "-": systemd skips the path when it is missing
        path.removeprefix("-").replace("/srv/portal", str(srv))
        for path in unit_values.get("ReadWritePaths", "").split()
    ]
    lines = ["set -e"]
    lines += [f"mount --bind {shlex.quote(str(a))} {shlex.quote(str(b))}" for a, b in binds]
    keep = ["/proc", "/proc/*", "/sys", "/sys/*", "/dev", "/dev/*"]
    if unit_values.get("PrivateTmp") == "true":
        # In production the code is in /srv/portal; a checkout under /tmp (a CI clone) would
        # vanish under the fresh /tmp, so it is carried over (with its mounts) and put back.
        root = shlex.quote(str(ROOT))
        under_tmp = any(ROOT.is_relative_to(tmp) for tmp in ("/tmp", "/var/tmp"))
        if under_tmp:
            lines += [
                "kept=$(mktemp -d /dev/shm/portal-root.XXXXXX)",
                f'mount --rbind {root} "$kept"',
            ]
        lines += [
            "mount -t tmpfs -o mode=1777 tmpfs /tmp",
            "mount -t tmpfs -o mode=1777 tmpfs /var/tmp",
        ]
        if under_tmp:
            lines += [f"mkdir -p {root}", f'mount --rbind "$kept" {root}']
        keep += ["/tmp", "/var/tmp"]
    for path in writable:
        if Path(path).exists():  # systemd refuses to start without it; so does the test
            lines.append(f"mount --bind {shlex.quote(path)} {shlex.quote(path)}")
            keep.append(path)
    if unit_values.get("ProtectSystem") == "strict":
        patterns = "|".join(shlex.quote(pattern).replace("'*'", "*") for pattern in keep)
        lines.append(
            "for m in $(awk '{print $5}' /proc/self/mountinfo); do case \"$m\" in "
            f'{patterns}) ;; *) mount -o remount,bind,ro "$m" 2>/dev/null || true;; esac; done'
        )
        lines.append("mount -o remount,bind,ro /")
    run = (
        'exec setpriv --no-new-privs "$@"'
        if unit_values.get("NoNewPrivileges") == "true"
        else 'exec "$@"'
    )
    lines.append(run)
    return [
        "unshare",
        "--mount",
        "--propagation",
        "private",
        "--",
        "sh",
        "-c",
        "\n".join(lines),
        "sh",
    ]
