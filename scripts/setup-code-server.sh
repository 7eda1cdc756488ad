#!/usr/bin/env bash
# Installs code-server (a real VS Code served over HTTP) into .vscode-test/code-server for the extension-host
# and workbench tests and `npm start`. Uses only the npm registry and Debian packages: code-server's own
# postinstall would download a ripgrep binary and native prebuilts, so it runs with --ignore-scripts and the
# native parts are rebuilt locally, ripgrep taken from Debian. Idempotent: exits early when the install works.
set -euo pipefail

VERSION="${CODE_SERVER_VERSION:-4.99.4}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="${CODE_SERVER_DIR:-$ROOT/.vscode-test/code-server}"
STAMP="$DEST/.threadline-installed-$VERSION"

works() {
  [ -f "$STAMP" ] && [ -f "$DEST/out/node/entry.js" ] &&
    (cd "$DEST" && node out/node/entry.js --config "$DEST/.config.yaml" --version >/dev/null 2>&1)
}

if works; then
  echo "code-server $VERSION already installed in $DEST"
  exit 0
fi

need=()
for pkg in libkrb5-dev ripgrep chromium; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
TMP="$DEST.tmp"
rm -rf "$TMP" "$DEST"
mkdir -p "$TMP"

echo "fetching code-server@$VERSION from the npm registry"
(cd "$TMP" && npm pack "code-server@$VERSION" --silent >/dev/null)
tar -xzf "$TMP/code-server-$VERSION.tgz" -C "$TMP"
mv "$TMP/package" "$DEST"
rm -rf "$TMP"

cd "$DEST"
echo "installing code-server's dependencies"
npm install --omit=dev --ignore-scripts --no-package-lock >/dev/null
# npm 11 skips dependency install scripts unless the project approves them by name (older npm has no
# install-scripts command and runs them anyway)
approve() { npm install-scripts approve "$@" >/dev/null 2>&1 || true; }
deny() { npm install-scripts deny "$@" >/dev/null 2>&1 || true; }
approve argon2
npm rebuild argon2 >/dev/null

echo "installing VS Code's server dependencies"
cd "$DEST/lib/vscode"
npm install --omit=dev --ignore-scripts --no-package-lock >/dev/null
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# native modules (node-pty, spdlog, watcher, kerberos, …) compile against the local Node headers; ripgrep's
# own install script would download a binary, so it stays denied and Debian's rg is used
approve kerberos native-watchdog node-pty @parcel/watcher @vscode/deviceid @vscode/spdlog
deny @vscode/windows-process-tree @vscode/windows-registry @vscode/ripgrep
npm rebuild >/dev/null
# what code-server's postinstall.sh links
ln -sfn node_modules node_modules.asar
ln -sfn code-linux.sh bin/remote-cli/code-server 2>/dev/null || true
ln -sfn browser-linux.sh bin/helpers/browser.sh 2>/dev/null || true

echo "installing VS Code's built-in extensions' dependencies"
cd "$DEST/lib/vscode/extensions"
npm install --omit=dev --ignore-scripts --no-package-lock >/dev/null

cd "$DEST"
touch "$STAMP"
if works; then
  installed=$(node out/node/entry.js --config "$DEST/.config.yaml" --version | head -1)
  echo "code-server $VERSION installed in $DEST ($installed)"
else
  echo "code-server installed but does not start: see 'node $DEST/out/node/entry.js --version'" >&2
  exit 1
fi
