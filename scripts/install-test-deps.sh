#!/usr/bin/env bash
# Installs what the interop/conformance suites and side-by-side benchmarks need (Debian 12, as root).
# Idempotent: installs only what is missing; never leaves rabbitmq-server/postgresql services running.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

PKGS=(python3-kombu python3-pika python3-oslo.messaging python3-pytest postgresql rabbitmq-server)

if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps.sh: must run as root" >&2
  exit 1
fi

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-test-deps.sh: all packages present"
else
  APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  # Keep maintainer scripts from starting services (no systemd here; invoke-rc.d honours policy-rc.d).
  created_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    created_policy=1
  fi
  trap '[ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
  # Update the package lists once: when they are absent or when a package is unknown to apt.
  need_update=0
  if [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e '^lock$' -e '^partial$' -e '^auxfiles$' || true)" ]; then
    need_update=1
  else
    for p in "${missing[@]}"; do
      if ! apt-cache show "$p" >/dev/null 2>&1; then need_update=1; break; fi
    done
  fi
  if [ "$need_update" = 1 ]; then
    apt-get "${APT_OPTS[@]}" update
  fi
  echo "install-test-deps.sh: installing ${missing[*]}"
  apt-get "${APT_OPTS[@]}" install -y --no-install-recommends "${missing[@]}"
fi

# Belt and braces: stop the system services if something started them anyway (they would hold 5672/5432).
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if listening 5672 && [ -x /etc/init.d/rabbitmq-server ]; then
  service rabbitmq-server stop >/dev/null 2>&1 || true
fi
if listening 5432 && [ -x /etc/init.d/postgresql ]; then
  service postgresql stop >/dev/null 2>&1 || true
fi

/usr/bin/python3 -c 'import kombu, pika, oslo_messaging, pytest' \
  && echo "install-test-deps.sh: python modules OK"
