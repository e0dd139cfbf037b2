#!/usr/bin/env bash
# One-step set-up on a fresh machine with only Node 20 and npm:
#   npm run setup        pnpm (pinned), the workspace's packages, and a build (AssemblyScript included)
#   npm run setup:test   the same, plus what the browser and WebGPU tests need from Debian:
#                        Chromium (headless, software WebGPU/WebGL2) and the Vulkan loader for Dawn in Node
set -euo pipefail
cd "$(dirname "$0")/../.."

PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  echo "setup: installing pnpm@$PNPM_VERSION (corepack cannot fetch it here; see docs/toolchain.md)"
  npm install -g "pnpm@$PNPM_VERSION"
fi

if [ "${1:-}" = "--test" ]; then
  need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1' || need+=(libvulkan1)
  if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing ${need[*]} from Debian (browser and WebGPU tests)"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then
      command -v sudo >/dev/null 2>&1 || { echo "setup: need root or sudo to apt-get install ${need[*]}" >&2; exit 1; }
      SUDO=sudo
    fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${need[@]}"
  fi
fi

pnpm install --frozen-lockfile --reporter=append-only
pnpm build
