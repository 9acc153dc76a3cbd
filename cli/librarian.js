#!/usr/bin/env node
// The `librarian` command (package.json "bin"). It runs the TypeScript sources through tsx's CommonJS loader,
// as the repository's other tools do; a published package would ship the compiled JavaScript instead.
require('tsx/cjs/api').register();
require('./main.ts').main(process.argv).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
