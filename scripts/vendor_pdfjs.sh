#!/bin/sh
# Copy PDF.js's minified build from the pdfjs-dist pinned in package.json (installed by
# `npm ci`) into static/vendor/pdfjs/, which is committed: the site serves it from its own
# static files, so neither `make demo` nor collectstatic needs node_modules.
# tests/meetings/test_notes_viewer.py fails when the two versions differ.
set -eu
cd "$(dirname "$0")/.."
src=node_modules/pdfjs-dist
dest=static/vendor/pdfjs
mkdir -p "$dest"
cp "$src/build/pdf.min.mjs" "$src/build/pdf.worker.min.mjs" "$src/LICENSE" "$dest/"
echo "Vendored pdfjs-dist $(node -p "require('./$src/package.json').version") into $dest"
