#!/usr/bin/env bash
# Re-vendor the exact front-end packages below from the npm registry (`npm pack`, no node_modules, no build step).
# Change a version here, run this script, look at the difference, commit. Each package keeps its licence file.
#
#   @utrecht/component-library-css           NL Design System components (EUPL-1.2)
#   @nl-design-system-unstable/voorbeeld-design-tokens
#                                            NL Design System example theme tokens (EUPL-1.2); our municipality
#                                            themes override its "basis" tokens (web/static/css/themes.css).
#                                            Not @utrecht/design-tokens: those are Utrecht's own, proprietary brand.
#   htmx.org                                 partial page updates (BSD-0-Clause)
#   axe-core                                 accessibility checks in the browser tests only (MPL-2.0)
#   jsqr                                     QR decoder for check-in and the till where the browser has no
#                                            BarcodeDetector; loaded only when the camera is opened (Apache-2.0)
set -euo pipefail
cd "$(dirname "$0")"

UTRECHT_CSS=9.0.4
VOORBEELD_TOKENS=7.4.1
HTMX=2.0.8
AXE=4.14.1
JSQR=1.4.0

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

unpack() {  # package version target-dir
  (cd "$work" && npm pack --silent "$1@$2" >/dev/null)
  local tgz
  tgz="$(ls "$work"/*.tgz)"
  mkdir -p "$work/x" && tar xzf "$tgz" -C "$work/x"
  rm -rf "$3" && mkdir -p "$3"
  echo "$1@$2" > "$3/VERSION"
  cp "$work"/x/package/LICENSE* "$3/"
  rm -f "$tgz"
}

unpack @utrecht/component-library-css "$UTRECHT_CSS" utrecht
cp "$work/x/package/dist/index.css" utrecht/component-library.css
rm -rf "$work/x"

unpack @nl-design-system-unstable/voorbeeld-design-tokens "$VOORBEELD_TOKENS" voorbeeld
cp "$work/x/package/dist/theme.css" voorbeeld/theme.css
rm -rf "$work/x"

unpack htmx.org "$HTMX" htmx
cp "$work/x/package/dist/htmx.min.js" htmx/htmx.min.js
rm -rf "$work/x"

unpack axe-core "$AXE" axe-core
cp "$work/x/package/axe.min.js" axe-core/axe.min.js
rm -rf "$work/x"

unpack jsqr "$JSQR" jsqr
cp "$work/x/package/dist/jsQR.js" jsqr/jsQR.js
rm -rf "$work/x"

echo "vendored: $(cat */VERSION | tr '\n' ' ')"
