#!/usr/bin/env bash
# Installs the Debian packages the whole test suite needs, when they are missing:
# chromium (browser tests), npm (fetches axe-core for the web pages' accessibility checks), the
# PostgreSQL server (store tests), a Java runtime (Spark tests), Pango and a font for WeasyPrint
# (`wi3 report --format pdf`), and poppler-utils (pdftoppm and pdftotext, which the PDF tests read
# the report with).
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -q 'DejaVu Sans' || missing+=(fontconfig fonts-dejavu-core)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1; then
  run=(sudo)
else
  echo "system-packages: missing ${missing[*]}, and neither root nor sudo is available;" >&2
  echo "install them with apt-get, or the tests that need them will skip." >&2
  exit 0
fi
echo "system-packages: installing ${missing[*]}"
"${run[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${run[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
