#!/usr/bin/env bash
# make bench-pages: requests/s and p50/p99 latency of the public pages under gunicorn
# (2 workers, production settings, DEBUG off), uncached and cached, beside a trivial view
# through the same middleware (the ceiling), with 8 connections (queueing included) and with
# one (the latency of one render), plus the workers' CPU time per request and the load
# average (the machine may be shared). Never run in CI.
#
#   BENCH_ARTICLES (100000)  articles in the benchmark database
#   BENCH_DB (sqlite:///bench-pages.sqlite3)  any DATABASE_URL; reused when already seeded
#   BENCH_SECONDS (10)  wrk duration per page and mode
#   BENCH_PAGES (all)  names to measure, e.g. "home article ceiling"
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
ARTICLES=${BENCH_ARTICLES:-100000}
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
PORT=${BENCH_PORT:-8777}
OUT=bench-results/pages.txt
PIDFILE=$PWD/bench-results/gunicorn.pid
mkdir -p bench-results

export DATABASE_URL=${BENCH_DB:-sqlite:///bench-pages.sqlite3}
export DJANGO_SETTINGS_MODULE=portal.settings.production
export SECRET_KEY=bench-only-$(head -c 48 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9' | head -c 60)
export ALLOWED_HOSTS=127.0.0.1,bench.example SECURE_SSL_REDIRECT=False SECURE_HSTS_SECONDS=0
# Production refuses a local BASE_URL, console mail and an implicit SQLite.
export BASE_URL=http://bench.example EMAIL_URL=filemail:///tmp/bench-mail
[[ $DATABASE_URL == sqlite* ]] && export PORTAL_EMBEDDED_SQLITE=true
export STATIC_ROOT=$PWD/static_collected PORTAL_BENCH_CEILING=1 CONN_MAX_AGE=600
# One client address sends every request: the per-address limits off (an empty value), or
# the search row would measure "429 Too Many Requests".
export RATE_LIMIT_SEARCH= RATE_LIMIT_API=
# The embedded search engine's files for this database, not those of `make run`'s.
export SEARCH_INDEX_DIR=${BENCH_SEARCH_INDEX_DIR:-$PWD/var/bench-pages-search-index}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py compile_translations >/dev/null
# seed_demo lives in the demo app, which production settings leave out.
DJANGO_SETTINGS_MODULE=portal.settings.dev $BIN/python manage.py seed_demo --articles "$ARTICLES" --documents 300 | tail -1
$BIN/python manage.py ensure_search_index
$BIN/python manage.py collectstatic --noinput -v0

# One URL of each kind, read from the seeded database.
mapfile -t URLS < <($BIN/python manage.py shell --no-imports -c '
from articles.models import ArticlePage, DirectivePage, TopicPage
from register.models import DocumentRegisterPage
from units.models import UnitPage
unit = UnitPage.objects.live().order_by("depth", "path").first()
print("home /")
print("unit", unit.url)
print("article", ArticlePage.objects.live().order_by("-date").first().url)
print("document", DirectivePage.objects.live().order_by("-issue_date").first().url)
print("register", DocumentRegisterPage.objects.live().first().url)
print("topic", TopicPage.objects.live().first().url)
print("search /search/?q=nghi+quyet")
print("ceiling /bench/ceiling/")
')

run_server() {  # $1 = page cache seconds (0 = off)
  PAGE_CACHE_SECONDS=$1 $BIN/gunicorn portal.wsgi --workers 2 --bind 127.0.0.1:$PORT \
    --log-level warning --timeout 120 --pid "$PIDFILE" &
  for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/bench/ceiling/" && return; sleep 0.2; done
  echo "gunicorn did not start"; exit 1
}
stop_server() {  # wait for the arbiter to exit, so the next run can bind the port
  local pid; pid=$(cat "$PIDFILE"); kill "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
}

worker_cpu_ticks() {  # user + system CPU of the gunicorn workers so far, in clock ticks
  local total=0 pid
  for pid in $(pgrep -P "$(cat "$PIDFILE")"); do
    total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") ))
  done
  echo "$total"
}
wait_idle() {  # until the workers finish what wrk left queued (its last requests run on)
  local last now
  last=$(worker_cpu_ticks)
  for _ in $(seq 1 120); do
    sleep 0.5; now=$(worker_cpu_ticks)
    [ "$now" = "$last" ] && return 0
    last=$now
  done
}
measure() {  # $1 = connections, $2 = URL: prints "req/s p50 p99", leaves the count in $REQUESTS
  local result
  result=$(wrk -t"$(( $1 < 2 ? 1 : 2 ))" -c"$1" -d"${SECONDS_PER_RUN}s" --timeout 60s --latency "$2")
  REQUESTS=$(echo "$result" | awk '/requests in/ {print $1}')
  echo "$result" | awk '/Requests\/sec/ {rps=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2}
    END {printf "%10s %9s %9s", rps, p50, p99}'
}

{
  echo "# make bench-pages: $(date -u +%Y-%m-%dT%H:%MZ), $ARTICLES articles, $DATABASE_URL"
  echo "# gunicorn 2 sync workers, production settings, DEBUG off; $(nproc) CPUs"
  echo "# c8: wrk -t2 -c8 (includes queueing: 8 connections on 2 workers); c1: wrk -t1 -c1 (one render at a time); ${SECONDS_PER_RUN}s each"
  echo "# load before: $(uptime | sed 's/.*load average/load average/')"
  echo "# cpu/req: the gunicorn workers' user+system CPU time during the c1 run / its requests"
  printf "%-9s %-9s %10s %9s %9s %10s %9s %9s %9s\n" mode page "c8 req/s" "c8 p50" "c8 p99" "c1 req/s" "c1 p50" "c1 p99" "cpu/req"
} | tee "$OUT"
for mode in uncached cached; do
  if [ $mode = uncached ]; then run_server 0; else run_server 600; fi
  for line in "${URLS[@]}"; do
    name=${line%% *}; url=${line#* }
    [[ " ${BENCH_PAGES:-$name} " == *" $name "* ]] || continue
    curl -sf --max-time 60 -o /dev/null "http://127.0.0.1:$PORT$url" || { echo "$name $url failed (or over 60 s)"; continue; }
    c8=$(measure 8 "http://127.0.0.1:$PORT$url")
    wait_idle
    before=$(worker_cpu_ticks)
    measure 1 "http://127.0.0.1:$PORT$url" >"$PWD/bench-results/.c1"
    c1=$(cat "$PWD/bench-results/.c1")
    # The workers' own CPU time per request: what one render costs, whatever the load.
    cpu=$(awk -v t="$(( $(worker_cpu_ticks) - before ))" -v n="${REQUESTS:-0}" -v hz="$(getconf CLK_TCK)" \
      'BEGIN {if (n > 0) printf "%.1fms", t * 1000 / hz / n; else printf "-"}')
    printf "%-9s %-9s %s %s %9s\n" "$mode" "$name" "$c8" "$c1" "$cpu" | tee -a "$OUT"
  done
  stop_server
done
echo "# load after: $(uptime | sed 's/.*load average/load average/')" | tee -a "$OUT"
echo "Figures written to $OUT"
