#!/usr/bin/env bash
# Configures and builds qrem into build/ (Release). Extra arguments go to CMake's configure
# step, e.g. bash scripts/build.sh -DQREM_SANITIZE=address,undefined
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${QREM_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE:-Release} "$@"
cmake --build "$build_dir" -j "$(nproc)"
