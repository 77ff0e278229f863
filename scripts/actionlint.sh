#!/usr/bin/env bash
# Makes actionlint (the GitHub Actions workflow linter `npm test` runs on .github/workflows) available
# and prints the directory that holds it. Reuses an actionlint of ACTIONLINT_VERSION on PATH or in
# the cache (outside the repository: no binary is ever committed), else builds it with
# `go install` from the Go module proxy (~5 s with a warm Go cache). actionlint runs shellcheck on
# the workflows' `run:` scripts when shellcheck is on PATH (`apt-get install shellcheck`).
# Logs go to stderr; stdout is the directory only. Fails (exit 1) when it cannot be had.
set -euo pipefail

ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-v1.7.12}"
cache="${ACTIONLINT_CACHE:-$HOME/.cache/pulumi-genauth/actionlint-$ACTIONLINT_VERSION}"

if command -v actionlint >/dev/null 2>&1 && [ "$(actionlint -version | head -n1)" = "$ACTIONLINT_VERSION" ]; then
  dirname "$(command -v actionlint)"
  exit 0
fi
if [ ! -x "$cache/actionlint" ]; then
  echo "actionlint: building $ACTIONLINT_VERSION into $cache" >&2
  mkdir -p "$cache"
  GOBIN="$cache" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" >&2
fi
echo "$cache"
