#!/usr/bin/env bash
# Regenerates the committed Swift code for the protobuf files under Sources/*/Protos: message
# types with swift-protobuf's protoc-gen-swift and gRPC stubs with grpc-swift-protobuf's
# protoc-gen-grpc-swift-2. Run it after changing a .proto file and commit the result; builds
# never run it (the plugins take ~10 minutes to build on 2 cores).
#
# Needs protoc (Debian's protobuf-compiler). The plugins are built once into .build-protoc/.
set -euo pipefail
cd "$(dirname "$0")/.."

grpc_protobuf_version=2.4.1
scratch=.build-protoc
command -v protoc >/dev/null || { echo "generate-protos: protoc missing; apt-get install protobuf-compiler" >&2; exit 1; }

if [ ! -d "$scratch/grpc-swift-protobuf" ]; then
  mkdir -p "$scratch"
  git clone -q --branch "$grpc_protobuf_version" https://github.com/grpc/grpc-swift-protobuf.git "$scratch/grpc-swift-protobuf"
fi
for plugin in protoc-gen-swift protoc-gen-grpc-swift-2; do
  swift build --package-path "$scratch/grpc-swift-protobuf" --product "$plugin" >&2
done
bin=$(swift build --package-path "$scratch/grpc-swift-protobuf" --show-bin-path)

for protos in Sources/*/Protos; do
  target_dir=$(dirname "$protos")
  out="$target_dir/Generated"
  mkdir -p "$out"
  rm -f "$out"/*.pb.swift "$out"/*.grpc.swift
  protoc --proto_path="$protos" \
    --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
    --plugin=protoc-gen-grpc-swift-2="$bin/protoc-gen-grpc-swift-2" \
    --swift_opt=Visibility=Internal \
    --swift_out="$out" \
    --grpc-swift-2_opt=Visibility=Internal,Client=true,Server=true \
    --grpc-swift-2_out="$out" \
    "$protos"/*.proto
  echo "generate-protos: $out"
done
