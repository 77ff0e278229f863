#!/usr/bin/env bash
# Makes a Pulumi CLI available and prints the directory that holds it (put it first on PATH).
#
# Users install the Pulumi CLI the usual way; this script is the fallback for machines that only
# reach the Go module proxy and the npm registry. It:
#   1. reuses a `pulumi` on PATH when its version is at least PULUMI_MIN_VERSION;
#   2. else builds github.com/pulumi/pulumi/pkg/v3/cmd/pulumi at PULUMI_VERSION (by default the
#      pkg/v3 version scripts/sdkgen/go.mod pins: the SDK generator and the CLI stay in step) through a throwaway
#      wrapper module (pkg's go.mod has replace directives, so `go install pkg@v` refuses), with the
#      version ldflag the Automation API needs, and caches it under PULUMI_CLI_CACHE;
#   3. puts the language hosts `pulumi up` needs to run a program directory beside the CLI
#      (pulumi-language-nodejs, required; yaml, go and python, when they can be had): the ones beside
#      the CLI, on PATH or in ~/.pulumi/bin when there are any (a regular install has them), else
#      built from the Go module proxy by the shared language-host build script (see
#      language-hosts.sh) into its own cache;
#   4. copies pulumi-resource-pulumi-nodejs (shipped at the root of the @pulumi/pulumi npm package)
#      next to the binary, so the engine never tries to download it.
# Logs go to stderr; stdout is the directory only. Fails (exit 1) when no CLI or no nodejs host.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pinned="$(sed -n 's#^[[:space:]]*github.com/pulumi/pulumi/pkg/v3 \(v[0-9][0-9.]*\).*#\1#p' "$here/sdkgen/go.mod")"
PULUMI_VERSION="${PULUMI_VERSION:-${pinned:?scripts/sdkgen/go.mod names no github.com/pulumi/pulumi/pkg/v3 version}}"
PULUMI_MIN_VERSION="${PULUMI_MIN_VERSION:-3.216.0}"
PULUMI_CLI_CACHE="${PULUMI_CLI_CACHE:-$HOME/.cache/pulumi-genauth/pulumi-$PULUMI_VERSION}"
repo_root="$(cd "$here/.." && pwd)"

log() { echo "pulumi-cli: $*" >&2; }

version_ge() { # version_ge A B: A >= B (dotted numeric, leading v ignored)
  [ "$(printf '%s\n%s\n' "${1#v}" "${2#v}" | sort -V | head -n1)" = "${2#v}" ]
}

place_nodejs_plugin() { # $1: target dir
  local shim="$repo_root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  if [ -f "$shim" ] && [ ! -e "$1/pulumi-resource-pulumi-nodejs" ]; then
    cp "$shim" "$1/" && chmod +x "$1/pulumi-resource-pulumi-nodejs"
  fi
}

if [ "${PULUMI_CLI_FORCE_BUILD:-}" != "1" ] && command -v pulumi >/dev/null 2>&1; then
  have="$(pulumi version 2>/dev/null || true)"
  if [ -n "$have" ] && version_ge "$have" "$PULUMI_MIN_VERSION"; then
    dir="$(dirname "$(command -v pulumi)")"
    log "using pulumi $have on PATH"
    if ! command -v pulumi-resource-pulumi-nodejs >/dev/null 2>&1; then place_nodejs_plugin "$dir" || true; fi
    bash "$here/language-hosts.sh" "$dir"
    exit 0
  fi
fi

mkdir -p "$PULUMI_CLI_CACHE"
export GOFLAGS="${GOFLAGS:-} -mod=mod"

if [ ! -x "$PULUMI_CLI_CACHE/pulumi" ]; then
  log "building pulumi $PULUMI_VERSION from the Go module proxy (a cold build takes 15-30 minutes on 2 cores)"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (
    cd "$work"
    go mod init pulumi-cli-wrapper >/dev/null 2>&1
    gomod="$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')"
    {
      echo "require ("
      echo "  github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION"
      echo "  github.com/pulumi/pulumi/sdk/v3 $PULUMI_VERSION"
      echo ")"
      # pkg's own replace lines, except the local ../sdk one (the wrapper requires sdk at the same version).
      grep -E '^replace ' "$gomod" | grep -v '=> \.\./' || true
    } >>go.mod
    cat >tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
GO
    go mod tidy >&2
    go build -trimpath -tags osusergo,grpcnotrace \
      -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
      -o "$PULUMI_CLI_CACHE/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
    mv "$PULUMI_CLI_CACHE/pulumi.tmp" "$PULUMI_CLI_CACHE/pulumi"
  )
  rm -rf "$work"
  trap - EXIT
fi

place_nodejs_plugin "$PULUMI_CLI_CACHE"
"$PULUMI_CLI_CACHE/pulumi" version >&2
bash "$here/language-hosts.sh" "$PULUMI_CLI_CACHE"
