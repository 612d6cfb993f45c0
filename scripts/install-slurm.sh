#!/usr/bin/env bash
# Installs Debian's Slurm (controller, node daemon, client commands) for the slurm-labelled
# tests, which start a throw-away one-node cluster of their own (tests/slurm/cluster.sh).
# The packages' own services are not started: a policy-rc.d (Debian's way to keep a package
# from starting its daemon) is in place during the installation only.
# Usage: bash scripts/install-slurm.sh   (as root, or with sudo available). Idempotent.
set -euo pipefail
packages=(slurmctld slurmd slurm-client)
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-slurm: all packages present"
  exit 0
fi
echo "install-slurm: installing ${missing[*]}"
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod 755 "$policy"
  trap '$sudo rm -f "$policy"' EXIT
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
