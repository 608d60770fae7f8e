#!/usr/bin/env bash
# Checks the Debian package end to end on this machine (run as root, as CI does): builds it
# (debug binaries unless --configuration release), lintian reports no errors, the unit passes
# `systemd-analyze verify`, `dpkg -i` installs it and the binaries run, `dpkg -r` keeps
# /var/lib/swarmd and `dpkg -P` removes it. Leaves the machine without the package.
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=debug
if [ "${1:-}" = "--configuration" ]; then configuration="$2"; fi
if [ "$(id -u)" -ne 0 ]; then echo "test-deb: must run as root (it installs and purges the package)" >&2; exit 1; fi
if dpkg-query -W swarmd >/dev/null 2>&1; then
  echo "test-deb: swarmd is already installed here; this test installs and purges it, so run it on a machine without it" >&2
  exit 1
fi

fail() { echo "test-deb: FAILED: $*" >&2; exit 1; }

package=$(bash tools/build-deb.sh --configuration "$configuration")
echo "test-deb: built $package ($(du -h "$package" | cut -f1))"

# lintian: errors fail the test; warnings are printed for the record.
lintian_output=$(lintian --tag-display-limit 0 "$package" 2>&1 | grep -v "running with root privileges" || true)
echo "$lintian_output" | sed 's/^/lintian: /'
if echo "$lintian_output" | grep -q '^E: '; then fail "lintian reported errors"; fi

dpkg -i "$package"
for tool in swarmd swarmctl swarm-backup swarm-restore; do
  /usr/bin/$tool --version | grep -q "version" || fail "$tool --version did not run"
done
[ -f /etc/cron.d/swarm-backup ] || fail "the cron example is not installed"
systemd-analyze verify /lib/systemd/system/swarmd.service || fail "systemd-analyze verify rejects the unit"
[ -d /var/lib/swarmd ] || fail "the package did not create /var/lib/swarmd"
[ "$(stat -c %a /var/lib/swarmd)" = "700" ] || fail "/var/lib/swarmd is not mode 0700"
# No key, token or secret was created: a fresh node holds nothing but its (absent) state.
[ -z "$(find /var/lib/swarmd -type f)" ] || fail "the installation wrote files into /var/lib/swarmd: $(find /var/lib/swarmd -type f)"

echo "node state" > /var/lib/swarmd/test-marker
dpkg -r swarmd
[ -f /var/lib/swarmd/test-marker ] || fail "dpkg -r removed /var/lib/swarmd"
[ ! -e /usr/bin/swarmd ] || fail "dpkg -r left /usr/bin/swarmd"
dpkg -P swarmd
[ ! -e /var/lib/swarmd ] || fail "dpkg -P kept /var/lib/swarmd"
[ ! -e /etc/cron.d/swarm-backup ] || fail "dpkg -P kept /etc/cron.d/swarm-backup"
echo "test-deb: passed"
