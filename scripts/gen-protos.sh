#!/usr/bin/env bash
# Regenerates Sources/OzoneFormat/Generated/*.pb.swift from the trimmed Ozone
# .proto files in Sources/OzoneFormat/Proto.
#
#   scripts/gen-protos.sh
#
# - Uses protoc from PATH (tested with 3.21; override with PROTOC=...).
# - Uses protoc-gen-swift built from the swift-protobuf checkout that SwiftPM
#   resolved for this package (.build/checkouts/swift-protobuf), so the plugin
#   version always equals the runtime library version in Package.resolved.
#   If the plugin binary is missing it is built once, in release mode, with
#   its own scratch path (PROTOC_GEN_SWIFT_BUILD, default
#   /tmp/protoc-gen-swift-build) so it never contends with the main .build.
#   Set PROTOC_GEN_SWIFT=/path/to/protoc-gen-swift to use another binary.
# - Idempotent: the same inputs give byte-identical outputs; running it twice
#   changes nothing. Generated files are committed; the build never runs this.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROTO_DIR="$ROOT/Sources/OzoneFormat/Proto"
OUT_DIR="$ROOT/Sources/OzoneFormat/Generated"
PROTOC="${PROTOC:-protoc}"
PLUGIN_SCRATCH="${PROTOC_GEN_SWIFT_BUILD:-/tmp/protoc-gen-swift-build}"
PLUGIN_PKG="$ROOT/.build/checkouts/swift-protobuf"
PLUGIN="${PROTOC_GEN_SWIFT:-$PLUGIN_SCRATCH/release/protoc-gen-swift}"

if [ ! -x "$PLUGIN" ]; then
  if [ ! -d "$PLUGIN_PKG" ]; then
    echo "gen-protos: resolving packages to get the swift-protobuf checkout" >&2
    (cd "$ROOT" && swift package resolve)
  fi
  echo "gen-protos: building protoc-gen-swift (once) into $PLUGIN_SCRATCH" >&2
  swift build -c release --product protoc-gen-swift \
    --package-path "$PLUGIN_PKG" --scratch-path "$PLUGIN_SCRATCH"
fi

echo "gen-protos: $("$PLUGIN" --version), $("$PROTOC" --version)" >&2
mkdir -p "$OUT_DIR"
# Drop stale outputs so a removed .proto does not leave its Swift behind.
rm -f "$OUT_DIR"/*.pb.swift
(
  cd "$PROTO_DIR"
  "$PROTOC" \
    --plugin=protoc-gen-swift="$PLUGIN" \
    --swift_opt=Visibility=Public \
    --swift_opt=FileNaming=DropPath \
    --swift_out="$OUT_DIR" \
    -I . \
    ./*.proto
)
ls "$OUT_DIR"/*.pb.swift >&2
