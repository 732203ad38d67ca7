#!/usr/bin/env node
/**
 * The `vendor-compat` executable (package.json `bin`): `probe`, `record`, `openapi`.
 *
 *   npx vendor-compat probe https://127.0.0.1:8443 --profile vsp --insecure --path /ConfigurationManager/v1/objects/ldevs
 *   npx vendor-compat record https://api.example.com --name acme --header 'Authorization: Bearer …'
 *
 * @example
 * // node dist/cli.cjs probe http://127.0.0.1:3000 --profile vsp --path /demo/items
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { runCli } from './cli/main';

void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, 'utf8'),
}).then((code) => {
  process.exitCode = code;
});
