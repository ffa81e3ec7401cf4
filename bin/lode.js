#!/usr/bin/env node
// Runs the compiled CLI; `npm install` builds it (the prepare script).
import('../dist/src/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write("lode: not built yet: run 'npm run build' (npm install does it)\n");
    process.exitCode = 1;
    return;
  }
  throw err;
});
