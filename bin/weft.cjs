#!/usr/bin/env node
// The `weft` command for a global install: runs the CLI built by `npm run build` (out/main/cli.js).
// In a checkout, `npm run -s weft -- <command>` runs the sources directly instead.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const built = join(__dirname, '..', 'out', 'main', 'cli.js');
if (!existsSync(built)) {
  process.stderr.write('weft: the CLI is not built yet: run `npm run build` in the Weft folder, or use `npm run -s weft -- <command>`\n');
  process.exit(2);
}
require(built);
