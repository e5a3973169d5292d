#!/usr/bin/env bash
# Regenerates preview/graph/font/liberation-sans.json, the font the architecture diagram embeds, from Debian's
# fonts-liberation package with fontTools installed into a throwaway virtualenv (nothing installed in the repo).
set -euo pipefail
cd "$(dirname "$0")"
FONT=/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf
PACKAGE=fonts-liberation
if [ ! -f "$FONT" ]; then
  echo "$FONT is missing: install Debian's $PACKAGE (apt-get install -y $PACKAGE)" >&2
  exit 1
fi
VERSION="$(dpkg-query -W -f='${Version}' "$PACKAGE")"
VENV="$(mktemp -d)"
trap 'rm -rf "$VENV"' EXIT
python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet fonttools==4.66.1
"$VENV/bin/python" subset.py "$FONT" "$PACKAGE" "$VERSION" > liberation-sans.json.tmp
mv liberation-sans.json.tmp liberation-sans.json
echo "wrote $(pwd)/liberation-sans.json ($(wc -c < liberation-sans.json) bytes)"
