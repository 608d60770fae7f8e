#!/usr/bin/env bash
# Builds the swarmd Debian package, swarmd_<version>_amd64.deb, with dpkg-deb.
#
#   tools/build-deb.sh [--configuration release|debug] [--output DIR]
#
# release (the default) builds optimized binaries; debug builds faster (CI checks the packaging
# itself that way). Either way the Swift runtime is linked statically, so
# the package depends only on Debian's libraries (computed by dpkg-shlibdeps). Prints the path
# of the package.
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=release
output=.build-deb
while [ $# -gt 0 ]; do
  case "$1" in
    --configuration) configuration="$2"; shift 2 ;;
    --output) output="$2"; shift 2 ;;
    *) echo "build-deb: unknown argument $1 (use --configuration release|debug, --output DIR)" >&2; exit 64 ;;
  esac
done
case "$configuration" in release|debug) ;; *) echo "build-deb: --configuration must be release or debug" >&2; exit 64 ;; esac

version=$(sed -n 's/.*static let current = "\([^"]*\)".*/\1/p' Sources/SwarmVersion/SwarmVersion.swift)
[ -n "$version" ] || { echo "build-deb: no version found in Sources/SwarmVersion/SwarmVersion.swift" >&2; exit 1; }
products=(swarmd swarmctl swarm-backup swarm-restore swarm-container-shim)

# Foundation's ICU, C shims, collections and CoreFoundation are static libraries of their own
# that --static-swift-stdlib does not always name; lld resolves them in any order. The build has
# its own scratch path: objects built for a static runtime must not mix with the tests' build.
build_flags=(
  -c "$configuration" --scratch-path .build-deb/build --static-swift-stdlib -Xswiftc -use-ld=lld
  -Xlinker -l_FoundationICU -Xlinker -l_FoundationCollections -Xlinker -l_FoundationCShims -Xlinker -lCoreFoundation
)
for product in "${products[@]}"; do
  swift build "${build_flags[@]}" --product "$product" >&2
done
bin=$(swift build "${build_flags[@]}" --show-bin-path)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/swarmd"
install -d -m 0755 "$root/DEBIAN" "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/cron.d" "$root/usr/share/doc/swarmd" \
  "$root/usr/share/lintian/overrides"
for product in "${products[@]}"; do
  install -m 0755 "$bin/$product" "$root/usr/bin/$product"
  strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/$product"
done
install -m 0644 packaging/swarmd.service "$root/lib/systemd/system/swarmd.service"
install -m 0644 packaging/cron.d/swarm-backup "$root/etc/cron.d/swarm-backup"
install -m 0644 packaging/debian/copyright "$root/usr/share/doc/swarmd/copyright"
install -m 0644 packaging/debian/lintian-overrides "$root/usr/share/lintian/overrides/swarmd"
install -m 0644 README.md Docs/operations.md "$root/usr/share/doc/swarmd/"
sed "s/@VERSION@/$version/g" packaging/debian/changelog.in | gzip -9n > "$root/usr/share/doc/swarmd/changelog.gz"
chmod 0644 "$root/usr/share/doc/swarmd/changelog.gz"
install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$root/DEBIAN/"
install -m 0644 packaging/debian/conffiles "$root/DEBIAN/conffiles"

# Depends: the Debian packages holding the libraries the binaries link (dpkg-shlibdeps wants a
# debian/control in its working directory).
mkdir -p "$work/shlibs/debian"
printf 'Source: swarmd\n\nPackage: swarmd\nArchitecture: amd64\n' > "$work/shlibs/debian/control"
depends=$(cd "$work/shlibs" && dpkg-shlibdeps -O "${products[@]/#/$root/usr/bin/}" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "build-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
installed_size=$(du -k -s --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/g" -e "s/@DEPENDS@/$depends/" -e "s/@INSTALLED_SIZE@/$installed_size/" \
  packaging/debian/control.in > "$root/DEBIAN/control"
(cd "$root" && find usr lib etc -type f -not -path 'etc/*' -exec md5sum {} + | sort -k2) > "$root/DEBIAN/md5sums"

mkdir -p "$output"
package="$output/swarmd_${version}_amd64.deb"
rm -f "$package"
# Debug packages (CI's check of the packaging) are large and short-lived: compress them fast.
compression=(-Zxz)
if [ "$configuration" = debug ]; then compression=(-Zgzip -z1); fi
dpkg-deb --root-owner-group "${compression[@]}" --build "$root" "$package" >&2
echo "$package"
