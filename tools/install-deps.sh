#!/usr/bin/env bash
# Installs, with apt, exactly the Debian packages that building, testing and running swarmd need.
# Idempotent: packages already present are not touched and apt is not refreshed when nothing is
# missing, so it is cheap to call before every build (README and .ci/run do).
set -euo pipefail

# Build: C libraries behind the system-library targets, found through pkg-config.
build_packages=(pkg-config libsodium-dev libarchive-dev libsqlite3-dev libssl-dev)
# Run and test: the zstd CLI lets plain `tar --zstd` read swarmd archives (tests check that it
# does); tar and sha256sum are in every Debian base system. runc is the OCI runtime that swarmd
# runs containers with.
run_packages=(zstd runc)
# Test: the Raft chaos test partitions members with nftables rules between loopback addresses;
# the API tests send raw requests with curl and run docker-py under pytest (the docker CLI and
# docker-py come with the machine image; Debian's python3-docker stands in if docker-py is absent);
# the certificate tests read the certificate a manager presents with openssl s_client.
# Packaging (tools/build-deb.sh, tools/test-deb.sh): dpkg-shlibdeps computes the package's
# dependencies, strip trims the binaries, lintian checks the package.
# Images (tools/images/registry.sh): docker-registry serves test images on loopback; busybox-static
# is their root filesystem; umoci builds them as OCI layouts and skopeo pushes them.
test_packages=(nftables curl openssl dpkg-dev binutils lintian docker-registry busybox-static umoci skopeo)
if ! python3 -c "import pytest" 2>/dev/null; then test_packages+=(python3-pytest); fi
if ! python3 -c "import docker" 2>/dev/null; then test_packages+=(python3-docker); fi

wanted=("${build_packages[@]}" "${run_packages[@]}" "${test_packages[@]}")
missing=()
for package in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#wanted[@]} packages already installed"
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-deps: missing packages (${missing[*]}) and not running as root; run this script as root or install sudo" >&2
    exit 1
  fi
  as_root=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
