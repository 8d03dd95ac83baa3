#!/usr/bin/env bash
# Make sure PostgreSQL (5432) and Redis (6379) answer on 127.0.0.1: start them if they are
# stopped, and install them with apt-get where they are missing and we run as root. Also make
# sure the Pango libraries WeasyPrint needs are installed.
set -euo pipefail

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {
  for _ in $(seq 1 30); do answers "$1" && return 0; sleep 1; done
  echo "Nothing answers on 127.0.0.1:$1" >&2
  return 1
}

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "$* is missing; install it (apt-get install $*) or run as root." >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! answers 5432; then
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_for 5432
fi

if ! answers 6379; then
  command -v redis-server >/dev/null || apt_install redis-server
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for 6379
fi
# WeasyPrint (the papers pack, report PDFs) draws text with Pango; Debian's slim images lack it.
if ! PATH="$PATH:/sbin:/usr/sbin" ldconfig -p | grep -q 'libpangoft2-1.0.so.0'; then
  apt_install libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation
fi

# The browser journeys drive Debian's Chromium (Playwright's own browser download is not used).
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
  apt_install chromium
fi

echo "PostgreSQL and Redis answer on 127.0.0.1; Pango and Chromium are installed."
