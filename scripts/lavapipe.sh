#!/usr/bin/env bash
# Fetch Mesa's lavapipe (a CPU Vulkan driver) from Debian bookworm-backports into .cache/lavapipe, WITHOUT
# installing it system-wide (the system Mesa stays as it is). Dawn on lavapipe (Mesa >= 25) exposes
# `shader-f16` and `subgroups`, which Chromium's SwiftShader lacks: the engine's f16 kernels are tested on it.
# Output: .cache/lavapipe/lvp_icd.json, a Vulkan ICD manifest for VK_ICD_FILENAMES (absolute library path).
# Its shared-library dependencies (libLLVM-15, xcb, wayland) are those of bookworm's own mesa-vulkan-drivers,
# which setup.sh installs. Idempotent; safe to re-run. Needs apt and root (or sudo) for the one-off `apt-get update` of backports.
set -euo pipefail
cd "$(dirname "$0")/.."
dest="$PWD/.cache/lavapipe"
[ -f "$dest/lvp_icd.json" ] && exit 0

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
list=/etc/apt/sources.list.d/shortlist-bookworm-backports.list
if ! apt-cache policy 2>/dev/null | grep -q bookworm-backports; then
  echo 'deb http://deb.debian.org/debian bookworm-backports main' | $SUDO tee "$list" >/dev/null
  $SUDO apt-get update -qq
fi
# Backports is opt-in (priority 100): nothing else on the system is upgraded by adding it.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && chmod 777 . && apt-get download -qq -t bookworm-backports mesa-vulkan-drivers)
mkdir -p "$tmp/root"
for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$tmp/root"; done
lib="$(find "$tmp/root" -name libvulkan_lvp.so | head -1)"
[ -n "$lib" ] || { echo "lavapipe.sh: libvulkan_lvp.so not found in the downloaded packages" >&2; exit 1; }
rm -rf "$dest.partial" && mkdir -p "$dest.partial"
mkdir -p "$dest.partial/lib" && cp "$lib" "$dest.partial/lib/" # self-contained; its libLLVM/xcb deps come with Debian's mesa-vulkan-drivers
printf '{"file_format_version":"1.0.0","ICD":{"api_version":"1.4.0","library_path":"%s/libvulkan_lvp.so"}}\n' "$dest/lib" > "$dest.partial/lvp_icd.json"
rm -rf "$dest" && mv "$dest.partial" "$dest"
echo "lavapipe: $dest/lvp_icd.json"
