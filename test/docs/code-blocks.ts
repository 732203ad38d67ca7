/**
 * Extracts the TypeScript code blocks of the README and `docs/` and type-checks them under the
 * repository's `strict` settings, as a user's project would compile them against this package
 * (`vendor-compat` and its subpaths resolve to `src/*.ts` through `paths`). Used by
 * test/docs/code-blocks.test.ts; the convention is documented in docs/contributing.md.
 *
 * A block may declare what it assumes, kept beside it: an HTML comment right above the fence,
 * `<!-- ts-preamble: declare const app: import('express').Express; -->`, is compiled before the
 * block and is invisible on the rendered page. Several may stack, and other HTML comments (the
 * `<!-- example: NAME -->` markers) may sit between them and the fence.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const ROOT = path.resolve(__dirname, '..', '..');

/** One fenced ```ts / ```typescript block. */
export interface CodeBlock {
  /** The Markdown file, relative to the repository root (`docs/express.md`). */
  readonly file: string;
  /** The 1-based line of the block's first code line in that file. */
  readonly line: number;
  /** The block's first code line, as written (its name in `PENDING_RENAMES`). */
  readonly firstLine: string;
  readonly code: string;
  /** The `ts-preamble` comments above the block, joined, and the line of the first one. */
  readonly preamble: string;
  readonly preambleLine: number;
}

const FENCE_OPEN = /^```(?:ts|typescript)\s*$/;
const FENCE_CLOSE = /^```\s*$/;
const PREAMBLE = /^<!--\s*ts-preamble:([\s\S]*?)-->$/;

/** The HTML comments right above `offset` (nearest last), with their start offsets. */
function commentsAbove(text: string, offset: number): Array<{ readonly body: string; readonly at: number }> {
  const found: Array<{ body: string; at: number }> = [];
  let end = text.slice(0, offset).trimEnd().length;
  while (text.slice(0, end).endsWith('-->')) {
    const at = text.lastIndexOf('<!--', end);
    if (at === -1) break;
    found.unshift({ body: text.slice(at, end), at });
    end = text.slice(0, at).trimEnd().length;
  }
  return found;
}

/** Every TypeScript block of one Markdown text. */
export function extractBlocks(file: string, text: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  const starts: number[] = [];
  lines.reduce((offset, line) => (starts.push(offset), offset + line.length + 1), 0);
  for (let index = 0; index < lines.length; index += 1) {
    if (!FENCE_OPEN.test(lines[index] ?? '')) continue;
    const start = index + 1;
    let end = start;
    while (end < lines.length && !FENCE_CLOSE.test(lines[end] ?? '')) end += 1;
    const preambles = commentsAbove(text, starts[index] ?? 0).flatMap(({ body, at }) => {
      const match = PREAMBLE.exec(body);
      return match?.[1] === undefined ? [] : [{ code: match[1].trim(), line: text.slice(0, at).split('\n').length }];
    });
    blocks.push({
      file,
      line: start + 1,
      firstLine: lines[start] ?? '',
      code: lines.slice(start, end).join('\n'),
      preamble: preambles.map((preamble) => preamble.code).join('\n'),
      preambleLine: preambles[0]?.line ?? start,
    });
    index = end;
  }
  return blocks;
}

/** README.md and every Markdown file under docs/ (docs/sources holds vendor notes, no code). */
export function documentationFiles(): string[] {
  const files = ['README.md'];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory() && relative !== 'docs/sources') walk(relative);
      else if (entry.isFile() && entry.name.endsWith('.md')) files.push(relative);
    }
  };
  walk('docs');
  return files.sort();
}

export function allBlocks(): CodeBlock[] {
  return documentationFiles().flatMap((file) => extractBlocks(file, fs.readFileSync(path.join(ROOT, file), 'utf8')));
}

/** A diagnostic placed at its Markdown file and line. */
export interface BlockDiagnostic {
  readonly where: string;
  readonly message: string;
}

const VIRTUAL_DIR = path.join(ROOT, '.doc-blocks');

function virtualName(block: CodeBlock): string {
  return path.join(VIRTUAL_DIR, `${block.file.replace(/[^A-Za-z0-9]+/g, '_')}_L${block.line}.ts`);
}

/**
 * The compiler options: the repository's own (strict, noUncheckedIndexedAccess, ...), with ES module
 * output semantics (blocks use top-level `await`) and `vendor-compat[/*]` mapped to `src/`.
 */
function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), (file) => ts.sys.readFile(file));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return {
    ...parsed.options,
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: ['node'],
    baseUrl: ROOT,
    paths: { 'vendor-compat': ['src/index.ts'], 'vendor-compat/*': ['src/*.ts'] },
  };
}

/**
 * Type-checks every block in one program (the sources are checked once, not once per block) and
 * returns each block's diagnostics, placed at the Markdown line they point into.
 */
export function checkBlocks(blocks: readonly CodeBlock[]): Map<CodeBlock, BlockDiagnostic[]> {
  const options = compilerOptions();
  const virtual = new Map<string, { readonly block: CodeBlock; readonly text: string; readonly preambleLines: number }>();
  for (const block of blocks) {
    const preamble = block.preamble === '' ? '' : `${block.preamble}\n`;
    // `export {}` makes every block a module of its own: no clashes between blocks' top-level names.
    virtual.set(virtualName(block), { block, text: `${preamble}${block.code}\nexport {};\n`, preambleLines: preamble.split('\n').length - 1 });
  }
  const host = ts.createCompilerHost(options, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const entry = virtual.get(path.resolve(fileName));
    return entry === undefined ? getSourceFile.call(host, fileName, languageVersion, ...rest) : ts.createSourceFile(fileName, entry.text, languageVersion, true);
  };
  host.fileExists = (fileName) => virtual.has(path.resolve(fileName)) || fileExists.call(host, fileName);
  host.readFile = (fileName) => virtual.get(path.resolve(fileName))?.text ?? readFile.call(host, fileName);
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host });
  const results = new Map<CodeBlock, BlockDiagnostic[]>();
  for (const [fileName, { block, preambleLines }] of virtual) {
    const source = program.getSourceFile(fileName);
    if (source === undefined) throw new Error(`the compiler lost ${fileName}`);
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    results.set(
      block,
      diagnostics.map((diagnostic) => {
        const line = diagnostic.start === undefined ? 0 : source.getLineAndCharacterOfPosition(diagnostic.start).line;
        const mdLine = line < preambleLines ? block.preambleLine : block.line + line - preambleLines;
        return { where: `${block.file}:${mdLine}`, message: `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}` };
      }),
    );
  }
  return results;
}
