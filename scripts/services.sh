#!/usr/bin/env bash
# Install (once) the Debian packages the tests and benchmarks use. Nothing is downloaded from
# anywhere but Debian's package archive. One line per need, so each part adds its own.
set -euo pipefail
packages=()
packages+=(redis-server)          # WeChat/WeCom de-duplication across processes
packages+=(postgresql)            # deploy: tracker store, project tables, knowledge base (tests run own clusters)
packages+=(nginx)                 # deploy: load balancer in front of the Rasa and action servers
packages+=(chromium)              # widget: browser tests (Playwright drives Debian's Chromium)
packages+=(fonts-noto-cjk)        # widget: Chinese text in the browser tests' screenshots
packages+=(nodejs)                # privacy: the widget's warning is tested against the server's spellings

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing system packages: ${missing[*]} (run as root or install them)" >&2
    exit 1
  fi
  echo "installing system packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
