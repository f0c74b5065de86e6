#!/usr/bin/env bash
# Installs, from Debian's packages and only when missing, the system tools the tests use:
# fitsverify and astropy check our FITS files, chromium drives the dashboard test, and
# DejaVu fonts give the headless browser text to draw (the plots take theirs from npm).
set -euo pipefail

missing=()
command -v fitsverify >/dev/null 2>&1 || missing+=(fitsverify)
/usr/bin/python3 -c 'import astropy' >/dev/null 2>&1 || missing+=(python3-astropy)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "== installing system packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  sudo=sudo
else
  sudo=
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
