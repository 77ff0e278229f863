#!/usr/bin/env bash
# Puts the Pulumi language hosts that `pulumi up` needs to run a program directory beside a CLI,
# then prints the directory to put first on PATH (called by pulumi-cli.sh; usable on its own).
#   usage: language-hosts.sh <directory holding pulumi>
#   env:   PULUMI_LANGUAGE_HOSTS      hosts wanted (default "nodejs yaml"); nodejs is required, the
#                                     others are placed when they can be had
#          PULUMI_LANGUAGE_HOSTS_BUILD  the shared language-host build script (default:
#                                     ../shared/pulumi-language-hosts/build.sh beside the checkout)
# A host the user already has is used as it is: beside the CLI, on PATH, or in ~/.pulumi/bin (a
# regular Pulumi install has them all). Otherwise the shared build script builds it from the Go
# module proxy (older releases of github.com/pulumi/pulumi/sdk/v3 carried the hosts as packages; see
# its README) into its own cache (~/.cache/pulumi-language-hosts/, outside the repository), and it is
# linked beside the CLI. When the CLI's directory is not writable, a directory of links to the CLI and the hosts
# (~/.cache/pulumi-genauth/toolchain) is printed instead. Logs go to stderr; stdout is the directory.
set -euo pipefail
cli_dir="$(cd "${1:?usage: language-hosts.sh <directory holding pulumi>}" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/.." && pwd)"
hosts="${PULUMI_LANGUAGE_HOSTS:-nodejs yaml go python}"

log() { echo "language-hosts: $*" >&2; }

# Where the shared build script is (the fallback when only the registries can be reached):
# $PULUMI_LANGUAGE_HOSTS_BUILD, else beside the checkout, else beside the checkout this one was
# cloned from (CI and `git clone . $(mktemp -d)` run a clone somewhere else).
build_script() {
  local file origin
  origin="$(git -C "$repo_root" remote get-url origin 2>/dev/null || true)"
  origin="${origin#file://}"
  for file in "${PULUMI_LANGUAGE_HOSTS_BUILD:-}" "$repo_root/../shared/pulumi-language-hosts/build.sh" \
    "${origin:+$origin/../shared/pulumi-language-hosts/build.sh}"; do
    if [ -n "$file" ] && [ -f "$file" ]; then
      echo "$file"
      return 0
    fi
  done
  return 1
}

# A host the user already has (an executable file): beside the CLI (its real directory too, as the
# CLI itself looks there), on PATH, or in the default Pulumi install directory.
existing_host() { # $1: file name
  local real_dir candidate
  real_dir="$(dirname "$(readlink -f "$cli_dir/pulumi")")"
  for candidate in "$cli_dir/$1" "$real_dir/$1" "$(command -v "$1" || true)" "$HOME/.pulumi/bin/$1"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

target="$cli_dir"
if [ ! -w "$cli_dir" ]; then
  target="${PULUMI_GENAUTH_TOOLCHAIN:-$HOME/.cache/pulumi-genauth/toolchain}"
  mkdir -p "$target"
  for file in "$cli_dir"/pulumi*; do ln -sfn "$file" "$target/"; done
  log "$cli_dir is not writable: linking the CLI and its hosts in $target"
fi

for lang in $hosts; do
  file="pulumi-language-$lang"
  if found="$(existing_host "$file")"; then
    # Found beside the CLI or on PATH: the CLI finds it too. In ~/.pulumi/bin only: link it beside.
    if [ "$found" = "$HOME/.pulumi/bin/$file" ] && [ "$(dirname "$found")" != "$cli_dir" ] && \
      [ "$(command -v "$file" || true)" != "$found" ]; then
      ln -sfn "$found" "$target/$file"
    fi
    log "$file: $found"
    continue
  fi
  if ! script="$(build_script)"; then
    why="no language-host build script (looked at \$PULUMI_LANGUAGE_HOSTS_BUILD,"
    why="$why ../shared/pulumi-language-hosts/build.sh beside this checkout and beside its origin)"
  elif built="$(bash "$script" "$lang")"; then
    ln -sfn "$built/$file" "$target/$file"
    # The python host starts programs through a script it expects beside itself.
    if [ -e "$built/$file-exec" ]; then ln -sfn "$built/$file-exec" "$target/$file-exec"; fi
    log "$file: built by $script into $built"
    continue
  else
    why="$script $lang failed (its log is above)"
  fi
  if [ "$lang" = nodejs ]; then
    log "no $file, which \`pulumi up\` in a program directory needs: none beside the CLI, on PATH or in"
    log "~/.pulumi/bin, and $why. Install the Pulumi CLI the usual way (it ships the language"
    log "hosts), or set PULUMI_LANGUAGE_HOSTS_BUILD to the shared pulumi-language-hosts/build.sh."
    exit 1
  fi
  log "no $file (optional, not placed): $why"
done
echo "$target"
