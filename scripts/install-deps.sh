#!/usr/bin/env bash
# Installs everything qrem needs to build, test and run, from Debian 12 packages.
# Idempotent: re-running it installs nothing new and exits 0.
# Usage: bash scripts/install-deps.sh           (as root, or with sudo available)
#        bash scripts/install-deps.sh --slurm   Debian's Slurm only, for the slurm-labelled
#          tests, which start a throw-away one-node cluster of their own (tests/slurm/): the
#          packages' own services are not started (a policy-rc.d, Debian's way to keep a
#          package from starting its daemon, is in place during the installation only).
set -euo pipefail

slurm=""
if [ "${1:-}" = --slurm ]; then slurm=1; fi

packages=(
  build-essential cmake pkg-config git
  openmpi-bin libopenmpi-dev
  libpetsc-complex3.18-dev libslepc-complex3.18-dev
  libscalapack-openmpi-dev
  libelpa-dev   # ELPA's two-stage eigensolver: the spectrum from D = 2048 on two or more ranks
  libopenblas0-pthread libopenblas-pthread-dev
  libblas3   # the reference BLAS: the sanitizer tests preload it (OpenBLAS over-reads, see cmake/QremTesting.cmake)
  libboost-program-options-dev
  libboost-dev
  liblemon-dev   # network simplex for dist_1 (lib/phase_space); its LP (GLPK) checks it in tests
  catch2
  libhdf5-openmpi-dev hdf5-tools
  python3 python3-numpy python3-matplotlib python3-h5py
  python3-qutip   # only for bench/bench_piqs.py (the comparison with PIQS), not for building or testing
)

if [ -n "$slurm" ]; then packages=(slurmctld slurmd slurm-client); fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  policy=/usr/sbin/policy-rc.d
  if [ -n "$slurm" ] && [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
    trap '$sudo rm -f "$policy"' EXIT
  fi
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all packages present"
fi
[ -z "$slurm" ] || exit 0

# LAPACK/ScaLAPACK must run on OpenBLAS, not the reference BLAS (an eigensolve was
# measured 2x slower on the latter). Debian selects through alternatives.
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
for lib in libblas.so.3 liblapack.so.3; do
  target="/usr/lib/$arch/openblas-pthread/$lib"
  if [ -e "$target" ]; then
    $sudo update-alternatives --set "$lib-$arch" "$target" >/dev/null
  fi
done
echo "install-deps: BLAS -> $(readlink -f /usr/lib/$arch/libblas.so.3)"
echo "install-deps: LAPACK -> $(readlink -f /usr/lib/$arch/liblapack.so.3)"
