#!/usr/bin/env bash
# Makes sure Debian's Chromium, the CJK fonts and LibreOffice (the circular's PDF render) are
# present; installs them when root.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "noto sans cjk" || missing+=(fonts-noto-cjk)
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "Installing ${missing[*]} for the browser tests…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Browser tests need: ${missing[*]} (apt-get install them as root)." >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
fi
