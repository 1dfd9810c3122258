"""make bench-edge: cached pages through Varnish beside Varnish serving a static file of
the same size (the ceiling), with wrk. The stack is the tests' (tests/stack.py):
PostgreSQL, Redis, S3, two gunicorn app servers (production settings), Varnish with the
shipped VCL. Figures go to bench-results/edge.txt. Never run in CI."""

import datetime
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.stack import AppServer, Stack  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
OUT = Path("bench-results/edge.txt")


def wrk(url):
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return float(rps), p50, p99, int(errors.group(1)) if errors else 0


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    stack = Stack()
    try:
        pages = {"home": "/", "unit": stack.content["unit"][1]}
        pages["section"] = stack.content["section"][1]
        pages["article"] = stack.content["articles"][0][1]
        sizes = {
            name: len(requests.get(stack.a.url + path).content) for name, path in pages.items()
        }
        # The ceiling: a static file of each page's size, served by the same Varnish. The
        # app servers see new files in STATIC_ROOT at start, so restart them on their ports.
        static = Path(stack.static_root) / "bench"
        static.mkdir()
        for name, size in sizes.items():
            (static / f"{name}.html").write_bytes(b"x" * size)
        for server in (stack.a, stack.b):
            server.stop()
        stack.a = AppServer("A", stack.app_env, port=stack.a.port)
        stack.b = AppServer("B", stack.app_env, port=stack.b.port)
        lines = [
            f"# make bench-edge: {datetime.datetime.now(datetime.UTC):%Y-%m-%dT%H:%MZ},"
            f" wrk -t2 -c{CONNECTIONS} -d{SECONDS}s through Varnish (shipped VCL, cache hits);"
            f" {os.cpu_count()} CPUs shared with other work",
            f"{'page':<9} {'bytes':>7} {'req/s':>10} {'p50':>9} {'p99':>9} {'ceiling req/s':>14}"
            f" {'p50':>9} {'p99':>9} {'ratio':>6}",
        ]
        print(lines[0], flush=True)
        for name, path in pages.items():
            url, ceiling_url = (
                stack.varnish.url + path,
                f"{stack.varnish.url}/static/bench/{name}.html",
            )
            for warm in (url, ceiling_url):
                for _ in range(3):
                    response = requests.get(warm)
                assert response.headers.get("X-Edge-Cache") == "hit", (warm, response.headers)
            rps, p50, p99, errors = wrk(url)
            ceiling, c50, c99, _ = wrk(ceiling_url)
            line = (
                f"{name:<9} {sizes[name]:>7} {rps:>10.0f} {p50:>9} {p99:>9} {ceiling:>14.0f}"
                f" {c50:>9} {c99:>9} {ceiling / rps:>5.2f}x"
                + (f"  ({errors} non-2xx)" if errors else "")
            )
            lines.append(line)
            print(line, flush=True)
        OUT.parent.mkdir(exist_ok=True)
        OUT.write_text("\n".join(lines) + "\n")
        print(f"Figures written to {OUT}")
    finally:
        stack.close()


if __name__ == "__main__":
    main()
