#!/usr/bin/env bash
# One-time setup for a fresh Debian/Ubuntu machine with Node 20: system packages, then npm dependencies.
#   ./scripts/setup.sh           everything the tests need (the README's test command)
#   ./scripts/setup.sh --serve   only what building and serving the app needs: the npm dependencies (no apt, no sudo,
#                                no Vulkan driver download)
# What the full setup adds:
# - chromium: the browser for end-to-end tests, and its SwiftShader Vulkan driver for WebGPU on CPU
# - libvulkan1: the Vulkan loader Dawn (npm `webgpu`) needs to reach SwiftShader or a real GPU
# - poppler-utils: pdftoppm/pdftotext, used by tests to look at generated PDFs
# - mesa-vulkan-drivers: the libraries lavapipe needs (scripts/lavapipe.sh fetches the newer lavapipe itself)
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  --serve) serve_only=1 ;;
  "") serve_only=0 ;;
  *) echo "usage: $0 [--serve]" >&2; exit 2 ;;
esac

# transformers.js pulls onnxruntime-node, whose install script would download CUDA binaries: skip that.
# Playwright must never download its own browsers: the tests use Debian's /usr/bin/chromium.
export ONNXRUNTIME_NODE_INSTALL=skip PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if [ "$serve_only" -eq 1 ]; then
  exec npm ci --no-audit --no-fund
fi

need=()
for pkg in chromium libvulkan1 poppler-utils mesa-vulkan-drivers; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi

# A CPU Vulkan driver with shader-f16 for the training engine's f16 kernel tests (see the script). Only those
# tests need it (they skip with a message without it), so a machine that cannot reach backports still serves.
./scripts/lavapipe.sh || echo "setup.sh: WARNING: lavapipe could not be fetched; the f16 engine tests will skip" >&2

npm ci --no-audit --no-fund
