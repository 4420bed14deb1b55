#!/usr/bin/env bash
# SIGHUP-to-applied latency of the example config: starts `hupbot run --chat shell` on a copy of
# config/bots.toml, changes one command response and sends SIGHUP N times (waiting for each
# reload to finish), then prints p50/p99 of finished_at - requested_at from the reload rows.
#   bench/sighup-latency.sh [N=50]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-50}"
work="$(mktemp -d)"
trap 'kill "$(cat "$work/data/hupbot.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$work"' EXIT
cp "$here/config/bots.toml" "$work/bots.toml"
set -a; . "$here/config/.env.example"; set +a
"$here/hupbot" --version >/dev/null  # builds the jar if needed
cd "$work"
( setsid sh -c "sleep 100000 </dev/null 2>/dev/null | java -jar '$here/target/hupbot.jar' run --chat shell --config bots.toml --data data >out.log 2>err.log" </dev/null >/dev/null 2>&1 & )
for _ in $(seq 1 240); do grep -q "hupbot running" data/hupbot.log 2>/dev/null && break; sleep 0.25; done
pid="$(cat data/hupbot.pid)"
done_lines() { grep -c "Configuration reloaded successfully\|Configuration unchanged\|Failed to reload" data/hupbot.log || true; }
line="$(grep -n 'response = "Hello {user}' bots.toml | head -1 | cut -d: -f1)"
for i in $(seq 1 "$n"); do
  sed -i "${line}s/response = \"[^\"]*\"/response = \"Hello {user}! Reload $i\"/" bots.toml
  before="$(done_lines)"
  kill -HUP "$pid"
  for _ in $(seq 1 1000); do [ "$(done_lines)" -gt "$before" ] && break; sleep 0.01; done
done
java -jar "$here/target/hupbot.jar" history --json --limit "$n" --data data >history.json
python3 - "$work/history.json" <<'PY'
import datetime, json, sys
rows = [r for r in json.load(open(sys.argv[1])) if r["trigger"] == "SIGHUP"]
t = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
lat = sorted((t(r["finished_at"]) - t(r["requested_at"])).total_seconds() * 1000 for r in rows)
pick = lambda q: lat[min(len(lat) - 1, round(q * (len(lat) - 1)))]
outcomes = sorted({r["outcome"] for r in rows})
print(f"{len(rows)} SIGHUP reloads ({', '.join(outcomes)}): signal to applied p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms, max {lat[-1]:.1f} ms")
PY
