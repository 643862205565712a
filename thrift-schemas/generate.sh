#!/usr/bin/env bash
# Regenerates the Java classes of the events from src/main/thrift/*.thrift.
#   ./generate.sh          rewrite src/main/java from the IDL
#   ./generate.sh --check  fail if the committed Java differs from what the IDL generates
# Needs Debian's thrift-compiler 0.17 (`apt-get install thrift-compiler`): the generated code
# must match the libthrift version in the parent pom.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
want="0.17.0"
have="$(thrift --version 2>/dev/null | awk '{print $3}')" || true
if [[ "$have" != "$want" ]]; then
  echo "generate.sh: needs thrift compiler $want, found '${have:-none}' (apt-get install thrift-compiler)" >&2
  exit 2
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for idl in "$here"/src/main/thrift/*.thrift; do
  thrift --gen java:generated_annotations=suppress -out "$out" "$idl"
done

if [[ "${1:-}" == "--check" ]]; then
  if diff -r "$out" "$here/src/main/java" >/dev/null; then
    echo "generate.sh: committed Java matches the IDL"
  else
    diff -r "$out" "$here/src/main/java" | head -40 >&2
    echo "generate.sh: committed Java differs from the IDL; run thrift-schemas/generate.sh and commit" >&2
    exit 1
  fi
else
  rm -rf "$here/src/main/java"
  mkdir -p "$here/src/main/java"
  cp -r "$out"/. "$here/src/main/java/"
  echo "generate.sh: wrote $(find "$here/src/main/java" -name '*.java' | wc -l) classes"
fi
