/**
 * Every source a profile cites resolves: the id is defined in the profile's
 * `sources`, and its `url` is an http(s) address or a file of this repository (docs/sources/*.md)
 * holding the `#anchor` it names. Cited means: any `sources` list of a kind, method rule,
 * precondition or other entry, and any `S<n>` / `seed-<nnn>` id named in a `note`. The ids the
 * tests name (`seed-003 row 404`, `S21` and the like) must be sources of some profile too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const PROFILE_DIR = path.join(ROOT, 'src/profiles');

interface SourceEntry {
  id: string;
  title: string;
  url?: string;
}

interface ProfileJson {
  name: string;
  sources: SourceEntry[];
}

const PROFILES: Array<[string, ProfileJson]> = readdirSync(PROFILE_DIR)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => [file, JSON.parse(readFileSync(path.join(PROFILE_DIR, file), 'utf8')) as ProfileJson]);

/**
 * Ids a note names in passing ("S12 says…", "seed-000 row 400", "S3-2 row", "HS3-4"). A bare "S3"
 * is the service's name (the HCP research note's S3 was never a profile source), not an id.
 */
const NOTE_ID = /\b(H?S3-\d{1,2}|S(?!3\b)\d{1,2}|seed-\d{3})\b/g;

/** Every `[where, id]` the profile cites, outside its top-level `sources` list. */
function citations(document: unknown): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (value: unknown, where: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, `${where}/${index}`));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      const at = `${where}/${key}`;
      if (key === 'sources' && where !== '' && Array.isArray(child)) {
        for (const id of child) out.push([at, String(id)]);
      } else if (key === 'note' && typeof child === 'string') {
        for (const match of child.matchAll(NOTE_ID)) out.push([at, match[1]!]);
      } else {
        walk(child, at);
      }
    }
  };
  walk(document, '');
  return out;
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors a markdown file defines: `<a id="x">` / `name="x"` and its headings' slugs. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  for (const match of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1]!);
  for (const match of text.matchAll(/^#{1,6}\s+(.+)$/gm)) anchors.add(slug(match[1]!));
  return anchors;
}

/** Why a source's url does not resolve, or undefined when it does. */
function problemWith(url: string | undefined): string | undefined {
  if (url === undefined || url.trim() === '') return 'has no url';
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return `is not a valid URL: ${url}`;
    }
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? undefined : `uses ${parsed.protocol} (http or https only): ${url}`;
  }
  const [file = '', anchor] = url.split('#');
  if (path.isAbsolute(file) || file.split('/').includes('..')) return `must be a path inside the repository: ${url}`;
  const full = path.join(ROOT, file);
  if (!existsSync(full)) return `names a file the repository does not have: ${file}`;
  if (anchor === undefined) return undefined;
  return anchorsOf(readFileSync(full, 'utf8')).has(anchor) ? undefined : `names #${anchor}, which ${file} does not define`;
}

describe.each(PROFILES)('sources of %s', (_file, profile) => {
  const ids = profile.sources.map((source) => source.id);

  it('defines each source id once', () => {
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it('cites only ids its sources define', () => {
    const undefinedIds = citations(profile).filter(([, id]) => !ids.includes(id));
    expect(undefinedIds).toEqual([]);
  });

  it.each(profile.sources.map((source) => [source.id, source] as const))('%s resolves to an http(s) address or a passage kept in the repository', (_id, source) => {
    expect({ id: source.id, problem: problemWith(source.url) }).toEqual({ id: source.id, problem: undefined });
  });
});

describe('source ids named in the tests', () => {
  const known = new Set(PROFILES.flatMap(([, profile]) => profile.sources.map((source) => source.id)));
  const testFiles = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? testFiles(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : []));

  it('every seed-<nnn>, S<n>, S3-<n> and HS3-<n> a test names is a source of some profile', () => {
    const unknown: string[] = [];
    for (const file of testFiles(path.join(ROOT, 'test'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(NOTE_ID)) {
        if (!known.has(match[0])) unknown.push(`${path.relative(ROOT, file)}: ${match[0]}`);
      }
    }
    expect([...new Set(unknown)]).toEqual([]);
  });
});

describe('the url check itself', () => {
  it.each([
    [undefined, 'has no url'],
    ['ftp://example.com/x', 'uses ftp: (http or https only): ftp://example.com/x'],
    ['docs/sources/none.md#a', 'names a file the repository does not have: docs/sources/none.md'],
    ['docs/sources/hcp.md#no-such-anchor', 'names #no-such-anchor, which docs/sources/hcp.md does not define'],
    ['../outside.md', 'must be a path inside the repository: ../outside.md'],
  ])('%p is refused', (url, problem) => {
    expect(problemWith(url)).toBe(problem);
  });

  it.each(['https://www.rfc-editor.org/rfc/rfc9457', 'docs/sources/hcp.md#seed-000', 'docs/sources/README.md', 'docs/sources/hcp.md#s1-hcp-management-api-reference-9x-general-sections'])('%p resolves', (url) => {
    expect(problemWith(url)).toBeUndefined();
  });
});
