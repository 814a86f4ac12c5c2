#!/usr/bin/env bash
# Fails when src/adapters/db/schema.ts and the committed migrations in drizzle/ disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp
tmp=$(mktemp -d .tmp/drift-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cp -r drizzle/. "$tmp/"
# drizzle-kit wants a path relative to the project.
if ! MIGRATIONS_OUT="./$tmp" npx drizzle-kit generate --name drift >"$tmp/generate.log" 2>&1 || grep -qi "error" "$tmp/generate.log"; then
  cat "$tmp/generate.log" >&2
  echo "ERRO: drizzle-kit falhou ao comparar o esquema com as migrações." >&2
  exit 1
fi
if ls "$tmp"/*_drift.sql >/dev/null 2>&1; then
  echo "ERRO: o esquema (src/adapters/db/schema.ts) difere das migrações em drizzle/. Rode: npm run db:generate" >&2
  cat "$tmp"/*_drift.sql >&2
  exit 1
fi
echo "Migrações em dia com o esquema."
