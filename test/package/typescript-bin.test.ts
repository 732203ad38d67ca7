/**
 * Two TypeScripts are installed: `typescript` (~5.9, the project's compiler: `npm run typecheck`,
 * ts-jest, tsup's declarations) and `typescript-next` (an npm alias of the newest major, used only
 * by tarball.test.ts through its own path). Both packages declare the `tsc` bin, and npm links one:
 * `npm ci` on a fresh clone links `typescript`'s, but adding or updating
 * the alias with `npm install` in an existing node_modules can leave `.bin/tsc` on TypeScript 7
 * (https://github.com/npm/cli/issues/9868, bins linked by package path order). Fix:
 * `rm -rf node_modules && npm ci`, or `npm rebuild typescript`.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

describe('the project compiler', () => {
  it('is TypeScript 5.9 (`typescript`), not the alias `typescript-next`', () => {
    expect(ts.version).toMatch(/^5\.9\./);
  });

  (process.platform === 'win32' ? it.skip : it)('node_modules/.bin/tsc runs `typescript`, not `typescript-next` (see the header for the fix)', () => {
    const target = realpathSync(path.join(ROOT, 'node_modules/.bin/tsc'));
    expect(path.relative(path.join(ROOT, 'node_modules'), target).split(path.sep).slice(0, 2)).toEqual(['typescript', 'bin']);
  });
});
