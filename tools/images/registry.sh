#!/usr/bin/env bash
# Serves small test images from a real Docker registry on loopback, for tests and benchmarks.
#
#   tools/images/registry.sh start PORT [ROOT]   start docker-registry on 127.0.0.1:PORT and push
#   tools/images/registry.sh stop PORT [ROOT]    kill it and remove ROOT
#
# busybox is pushed twice, as busybox and as library/busybox (where a registry mirror keeps
# Docker Hub's official images). ROOT (default /tmp/swarmd-registry-PORT) holds the registry's config, pid file, log and storage,
# and the OCI layouts the images are built in. Images pushed (schema 2 manifests, v2s2):
#   busybox:latest      one layer: Debian's static busybox with its applets in /bin, /etc/passwd,
#                       /etc/group, /etc/issue, /tmp; Cmd ["sh"]
#   busybox:two-layers  busybox:latest plus a layer that adds /etc/motd and deletes /etc/issue
#                       (a whiteout entry etc/.wh.issue)
#   evil:escape         one hand-made layer with entries ../escaped, link -> /etc and link/evil,
#                       pushed with plain curl over the registry HTTP API
# Needs (tools/install-deps.sh installs them): docker-registry, busybox-static, umoci, skopeo,
# curl, python3.
set -eEuo pipefail
trap 'echo "registry: failed at line $LINENO: $BASH_COMMAND" >&2' ERR

usage() { echo "usage: $0 start|stop PORT [ROOT]" >&2; exit 2; }
die() { echo "registry: $*" >&2; exit 1; }

[ $# -ge 2 ] || usage
command=$1
port=$2
[[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || die "bad port '$port'"
root=$(realpath -m "${3:-/tmp/swarmd-registry-$port}")
address=127.0.0.1:$port
pid_file=$root/registry.pid
config=$root/config.yml
marker=$root/.swarmd-registry

# Prints the registry's pid if a docker-registry started from this root with this port runs.
running_pid() {
  [ -f "$pid_file" ] && [ -f "$config" ] || return 1
  local pid
  pid=$(cat "$pid_file")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "docker-registry serve $config" || return 1
  grep -qF "addr: $address" "$config" || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

start_registry() {
  command -v docker-registry >/dev/null || die "docker-registry missing: run tools/install-deps.sh"
  if port_open; then die "port $port is in use by another process (not a registry from $root)"; fi
  mkdir -p "$root/storage"
  touch "$marker"
  cat >"$config" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $root/storage
  delete:
    enabled: true
http:
  addr: $address
  secret: swarmd-test-registry
EOF
  # setsid: the registry outlives this script and its process group; not a group leader here,
  # so setsid execs in place and $! is the registry's own pid. It keeps no descriptor of the
  # caller's above 2: a caller waiting for the script's output (a test's pipe) would otherwise
  # wait for the registry to exit.
  (
    for fd in $(ls "/proc/$BASHPID/fd"); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done
    exec setsid docker-registry serve "$config" </dev/null >>"$root/registry.log" 2>&1
  ) &
  echo $! >"$pid_file"
  local pid=$! i
  for ((i = 0; i < 60; i++)); do
    if curl -sf -o /dev/null "http://$address/v2/"; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$root/registry.log" >&2
      die "docker-registry exited at start (log: $root/registry.log)"
    fi
    sleep 0.5
  done
  die "docker-registry did not answer GET http://$address/v2/ within 30 s (log: $root/registry.log)"
}

stop_registry() {
  local pid i
  if pid=$(running_pid); then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  # Only a directory this script made is removed.
  if [ -f "$marker" ]; then rm -rf "$root"; fi
}

# umoci wants --rootless when not root; as root it keeps the owners it is given.
umoci_unpack() { if [ "$(id -u)" -eq 0 ]; then umoci unpack "$@"; else umoci unpack --rootless "$@"; fi; }

build_busybox() {
  local layout=$1 bundle=$root/build/busybox rootfs applet
  rm -rf "$bundle"
  umoci new --image "$layout:latest"
  umoci_unpack --image "$layout:latest" "$bundle"
  rootfs=$bundle/rootfs
  mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/root" "$rootfs/tmp"
  chmod 1777 "$rootfs/tmp"
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  echo "swarmd test busybox" >"$rootfs/etc/issue"
  umoci repack --image "$layout:latest" "$bundle"
  umoci config --image "$layout:latest" --config.cmd sh \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --architecture "$(dpkg --print-architecture)" --os linux
}

build_busybox_two_layers() {
  local layout=$1 bundle=$root/build/busybox-two-layers
  rm -rf "$bundle"
  umoci_unpack --image "$layout:latest" "$bundle"
  echo "Welcome to the second layer." >"$bundle/rootfs/etc/motd"
  rm "$bundle/rootfs/etc/issue"
  umoci repack --image "$layout:two-layers" "$bundle"
}

# Monolithic blob upload: POST opens an upload, PUT to its Location with the digest closes it.
push_blob() {
  local name=$1 file=$2 digest location
  digest=sha256:$(sha256sum "$file" | cut -d' ' -f1)
  location=$(curl -sf -o /dev/null -D - -X POST "http://$address/v2/$name/blobs/uploads/" |
    tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  [ -n "$location" ] || die "no upload location for $name"
  case $location in /*) location=http://$address$location ;; esac
  case $location in *\?*) location+="&digest=$digest" ;; *) location+="?digest=$digest" ;; esac
  curl -sf -o /dev/null -X PUT -H 'Content-Type: application/octet-stream' \
    --data-binary "@$file" "$location" || die "blob upload of $file to $name failed"
}

build_and_push_evil() {
  local dir=$root/build/evil
  mkdir -p "$dir"
  python3 - "$dir" "$(dpkg --print-architecture)" <<'EOF'
import gzip, hashlib, io, json, sys, tarfile
out, arch = sys.argv[1], sys.argv[2]
raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
    def add(name, kind=tarfile.REGTYPE, data=b"", target=""):
        info = tarfile.TarInfo(name)
        info.type, info.linkname, info.size, info.mode, info.mtime = kind, target, len(data), 0o644, 0
        tar.addfile(info, io.BytesIO(data) if data else None)
    add("../escaped", data=b"escaped the rootfs\n")
    add("link", kind=tarfile.SYMTYPE, target="/etc")
    add("link/evil", data=b"written through an absolute symlink\n")
layer = gzip.compress(raw.getvalue(), mtime=0)
config = json.dumps({"architecture": arch, "os": "linux",
    "config": {"Cmd": ["/escaped"]},
    "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(raw.getvalue()).hexdigest()]}},
    sort_keys=True).encode()
sha = lambda b: "sha256:" + hashlib.sha256(b).hexdigest()
manifest = {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": len(config), "digest": sha(config)},
    "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": len(layer), "digest": sha(layer)}]}
for name, data in (("layer.tar.gz", layer), ("config.json", config), ("manifest.json", json.dumps(manifest).encode())):
    open(f"{out}/{name}", "wb").write(data)
EOF
  push_blob evil "$dir/layer.tar.gz"
  push_blob evil "$dir/config.json"
  curl -sf -o /dev/null -X PUT -H 'Content-Type: application/vnd.docker.distribution.manifest.v2+json' \
    --data-binary "@$dir/manifest.json" "http://$address/v2/evil/manifests/escape" ||
    die "manifest push of evil:escape failed"
}

push_images() {
  local tool layout=$root/build/oci tag
  for tool in umoci skopeo python3; do
    command -v "$tool" >/dev/null || die "$tool missing: run tools/install-deps.sh"
  done
  [ -x /bin/busybox ] || die "/bin/busybox missing (package busybox-static): run tools/install-deps.sh"
  rm -rf "$root/build"
  mkdir -p "$root/build"
  umoci init --layout "$layout"
  build_busybox "$layout"
  build_busybox_two_layers "$layout"
  # Also as library/busybox: a registry mirror serves Docker Hub's official images there, which
  # is where swarmd --registry-mirror looks for short names.
  for tag in latest two-layers; do
    for repository in busybox library/busybox; do
      skopeo copy --quiet --format v2s2 --dest-tls-verify=false \
        "oci:$layout:$tag" "docker://$address/$repository:$tag" || die "pushing $repository:$tag failed"
    done
  done
  build_and_push_evil
  echo "registry: $address serving busybox:latest busybox:two-layers evil:escape (root $root)"
}

case $command in
  start)
    if running_pid >/dev/null; then
      echo "registry: already running on $address from $root; pushing images again"
    else
      start_registry
    fi
    push_images
    ;;
  stop) stop_registry ;;
  *) usage ;;
esac
