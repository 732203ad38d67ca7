/**
 * Every TypeScript code block in README.md and docs/ type-checks under `strict`, as a user would
 * compile it against this package (test/docs/code-blocks.ts extracts and compiles them; the
 * `<!-- ts-preamble: ... -->` convention for what a block assumes is documented there and in
 * docs/contributing.md). A failure names the Markdown file and line of the offending code.
 */
import { allBlocks, checkBlocks, extractBlocks, type BlockDiagnostic, type CodeBlock } from './code-blocks';

/**
 * Blocks written with the target vocabulary (docs/vocabulary.md) whose names the sources do not
 * have yet. Each may fail ONLY with diagnostics that name a renamed member; once the adapters
 * carry the names, every entry here fails the last test below and the list is deleted.
 */
const PENDING_RENAMES: ReadonlyArray<{ readonly file: string; readonly firstLine: string }> = [
];

/** The names the rename introduces (Hono/Koa/Fetch `preconditions`, Hono `errorHandler`, ...). */
const RENAMED = /'(preconditions|errorHandler|sendError|requestIdOf|notFound|vendorCompat|errorResponse)'/;

const blocks = allBlocks();
let results: Map<CodeBlock, BlockDiagnostic[]>;

beforeAll(() => {
  results = checkBlocks(blocks);
}, 240_000);

const isPending = (block: CodeBlock): boolean => PENDING_RENAMES.some((entry) => entry.file === block.file && entry.firstLine === block.firstLine);
const describeBlock = (block: CodeBlock): string => `${block.file}:${block.line} ${block.firstLine.trim()}`;
const lines = (diagnostics: readonly BlockDiagnostic[]): string[] => diagnostics.map(({ where, message }) => `${where}: ${message}`);

describe('TypeScript code blocks in README.md and docs/', () => {
  it('finds the blocks of the README and of every guide', () => {
    const files = new Set(blocks.map((block) => block.file));
    for (const file of ['README.md', 'docs/express.md', 'docs/koa.md', 'docs/node.md', 'docs/fastify.md', 'docs/hono.md', 'docs/fetch.md', 'docs/errors.md', 'docs/gateways.md', 'docs/routes.md', 'docs/logging.md', 'docs/writing-a-profile.md', 'docs/nest.md', 'docs/testing.md', 'docs/observability.md']) {
      expect([file, files.has(file)]).toEqual([file, true]);
    }
  });

  it.each(blocks.filter((block) => !isPending(block)).map((block) => [describeBlock(block), block] as const))('%s type-checks', (_name, block) => {
    expect(lines(results.get(block) ?? [])).toEqual([]);
  });

  const pending = blocks.filter(isPending);
  if (pending.length > 0) {
    it.each(pending.map((block) => [describeBlock(block), block] as const))('%s fails only on names still being renamed', (_name, block) => {
      expect(lines((results.get(block) ?? []).filter((diagnostic) => !RENAMED.test(diagnostic.message)))).toEqual([]);
    });
  }

  it('PENDING_RENAMES lists only blocks that exist and still fail (delete an entry once its block compiles)', () => {
    const stale = PENDING_RENAMES.filter((entry) => {
      const block = blocks.find((candidate) => candidate.file === entry.file && candidate.firstLine === entry.firstLine);
      return block === undefined || (results.get(block) ?? []).length === 0;
    });
    expect(stale).toEqual([]);
  });
});

describe('the block extractor', () => {
  const markdown = [
    '# Title', // 1
    '', // 2
    "<!-- ts-preamble: declare const app: import('express').Express; -->", // 3
    '<!-- example: demo -->', // 4
    '```ts', // 5
    'app.use(() => undefined);', // 6
    '```', // 7
    '```sh', // 8
    'npm test', // 9
    '```', // 10
    '```typescript', // 11
    'const x: number = 1;', // 12
    '```', // 13
  ].join('\n');

  it('takes ts and typescript blocks with their line, and the preamble comments above them', () => {
    expect(extractBlocks('x.md', markdown)).toEqual([
      { file: 'x.md', line: 6, firstLine: 'app.use(() => undefined);', code: 'app.use(() => undefined);', preamble: "declare const app: import('express').Express;", preambleLine: 3 },
      { file: 'x.md', line: 12, firstLine: 'const x: number = 1;', code: 'const x: number = 1;', preamble: '', preambleLine: 11 },
    ]);
  });

  it('reports a type error at the Markdown line it points into, and a preamble error at the comment', () => {
    const [first, second] = extractBlocks('x.md', markdown.replace('const x: number = 1;', "const x: number = 'one';").replace("import('express').Express;", 'Missing;'));
    if (first === undefined || second === undefined) throw new Error('two blocks expected');
    const checked = checkBlocks([first, second]);
    expect(lines(checked.get(first) ?? [])).toEqual(["x.md:3: TS2304: Cannot find name 'Missing'."]);
    expect(lines(checked.get(second) ?? [])).toEqual(["x.md:12: TS2322: Type 'string' is not assignable to type 'number'."]);
  }, 120_000);
});
