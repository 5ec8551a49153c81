#!/usr/bin/env bash
# Installs the Debian packages `npm run test:e2e` needs, as root. Does nothing (in well under a
# second) when they are all installed already, so CI can call it on every run.
#
#   docker-registry  the registry the rehearsal pushes to (distribution 2.x)
#   apache2-utils    htpasswd, for the registry's bcrypt password file
#   podman           the Docker-compatible API the docker CLI talks to when no Docker engine runs
#   runc             the OCI runtime podman is set to use (crun fails on hybrid cgroups)
#   slirp4netns      user-mode networking for the container the rehearsal runs
#   jq               the stage deploy jobs' scripts read the AWS CLI's JSON with it
#   docker.io        only when there is no `docker` CLI at all (node machines ship one)
set -euo pipefail

packages=(docker-registry apache2-utils podman runc slirp4netns jq)
command -v docker >/dev/null 2>&1 || packages+=(docker.io)

missing=()
for package in "${packages[@]}"; do
  if [[ $(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null) != installed ]]; then
    missing+=("$package")
  fi
done
if ((${#missing[@]} == 0)); then
  echo "e2e-deps: all present (${packages[*]})"
  exit 0
fi

if ((EUID != 0)); then
  echo "e2e-deps: missing ${missing[*]}; run this script as root (apt-get install)" >&2
  exit 1
fi

# Installing docker-registry or docker.io would start their services where invoke-rc.d may;
# the rehearsal starts its own registry, and its own engine. Keep them stopped for this install
# when the machine has no policy of its own.
policy=/usr/sbin/policy-rc.d
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  trap 'rm -f "$policy"' EXIT
fi

echo "e2e-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "e2e-deps: installed ${missing[*]}"
