#!/usr/bin/env bash
# Install (once) the Debian packages the tests and benchmarks use. Nothing is downloaded from
# anywhere but Debian's package archive. One line per need, so each part adds its own.
set -euo pipefail
packages=()
packages+=(redis-server)          # WeChat/WeCom de-duplication across processes

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
