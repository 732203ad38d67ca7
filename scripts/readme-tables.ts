/**
 * Builds the tables of docs/profiles.md from the profile data, so code, data and docs agree by test
 * (http-errors `scripts/lint-readme-list.js`, fastify's errors-vs-docs tests). Used by
 * `npm run docs:tables` (writes docs/profiles.md) and by `test/docs/readme.test.ts` (fails on drift).
 */
import { KIND_NAMES, KINDS, type KindName } from '../src/core/kinds';
import { compiledOf, type Profile } from '../src/core/define-profile';
import { profiles } from '../src/profiles';
import { PRECONDITION_CHECKS, preconditionAnswers, type PreconditionAnswer } from '../src/core/preconditions/answers';

const ORDER = ['problem', 'hcp', 'vsp', 'apig', 'mpc', 'stratos', 's3', 'hcp-s3'] as const;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function answer(profile: Profile, kind: KindName, method: string): string {
  const entry = compiledOf(profile).resolve(kind, method);
  return entry.code === undefined ? String(entry.status) : `${entry.status} \`${entry.code}\``;
}

/** The status (and vendor code) a kind gets, with the methods that answer differently. */
export function kindCell(profile: Profile, kind: KindName): string {
  const base = profile.document.kinds[kind];
  const main = base.code === undefined ? String(base.status) : `${base.status} \`${base.code}\``;
  const exceptions = new Map<string, string[]>();
  for (const method of METHODS) {
    const text = answer(profile, kind, method);
    if (text !== main) exceptions.set(text, [...(exceptions.get(text) ?? []), method]);
  }
  const notes = [...exceptions].map(([text, methods]) => `${methods.join('/')}: ${text}`);
  return notes.length === 0 ? main : `${main} (${notes.join('; ')})`;
}

/** Table: canonical kinds by status, per profile. */
export function kindsTable(): string {
  const header = `| Kind | RFC | ${ORDER.map((name) => `\`${name}\``).join(' | ')} |`;
  const rule = `|---|---|${ORDER.map(() => '---').join('|')}|`;
  const rows = KIND_NAMES.map((kind) => `| \`${kind}\` | ${KINDS[kind].status} | ${ORDER.map((name) => cell(kindCell(profiles[name], kind))).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}

function bodyShape(profile: Profile): string {
  const { body } = profile.document;
  if (body.template === null) return 'empty (`Content-Length: 0`)';
  return `\`${body.contentType ?? 'application/json'}\` \`${JSON.stringify(body.template)}\``;
}

function headerNames(profile: Profile): string {
  const document = profile.document;
  const byName = new Map<string, Set<number> | 'always'>();
  for (const name of Object.keys(document.headers ?? {})) byName.set(name, 'always');
  for (const kind of KIND_NAMES) {
    for (const name of Object.keys(document.kinds[kind].headers ?? {})) {
      const seen = byName.get(name);
      if (seen === 'always') continue;
      byName.set(name, (seen ?? new Set<number>()).add(document.kinds[kind].status));
    }
  }
  const names = [...byName].map(([name, on]) => (on === 'always' ? name : `${name} (${[...on].sort((a, b) => a - b).join(', ')})`));
  if (document.requestId !== undefined) names.push(`${document.requestId.header}${document.requestId.onSuccess ? ' (every response)' : ''}`);
  return names.length === 0 ? '—' : names.map((name) => `\`${name}\``).join(', ');
}

/** Where a template (header value or body) reads `{{vars.NAME}}`. */
function readsVar(template: unknown, name: string): boolean {
  return new RegExp(`\\{\\{\\s*vars\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\}\\}`).test(JSON.stringify(template ?? null));
}

/** What a var feeds: the headers (and body) whose templates read it. */
function varUses(profile: Profile, name: string): string[] {
  const document = profile.document;
  const uses = new Set<string>();
  for (const [header, template] of Object.entries(document.headers ?? {})) if (readsVar(template, name)) uses.add(header);
  for (const kind of KIND_NAMES) {
    for (const [header, template] of Object.entries(document.kinds[kind].headers ?? {})) if (readsVar(template, name)) uses.add(header);
    if (readsVar(document.kinds[kind].body, name)) uses.add('body');
  }
  if (readsVar(document.body.template, name)) uses.add('body');
  return [...uses];
}

/** The `vars` a profile reads, with their defaults (override per app: `vendorCompat({ vars })`). */
export function varsCell(profile: Profile): string {
  const vars = Object.entries(profile.document.vars ?? {});
  if (vars.length === 0) return '—';
  return vars
    .map(([name, value]) => {
      const uses = varUses(profile, name);
      return `\`${name}\` = \`${JSON.stringify(value)}\`${uses.length === 0 ? '' : ` (${uses.join(', ')})`}`;
    })
    .join(', ');
}

/** A profile's source address as a link from docs/: its `docs/sources/…` passages are siblings there. */
function linkTarget(url: string): string {
  return url.startsWith('docs/') ? url.slice('docs/'.length) : url;
}

function sourceLinks(profile: Profile): string {
  return profile.sources.map((source) => (source.url === undefined ? source.id : `[${source.id}](${linkTarget(source.url)})`)).join(', ');
}

/** Table: the profiles (vendor, body shape, headers, quirks, sources). */
export function profilesTable(): string {
  const header = '| Profile | Vendor API | Error body | Headers on errors | `vars` (default) | Notable quirks | Sources |';
  const rule = '|---|---|---|---|---|---|---|';
  const rows = ORDER.map((name) => {
    const profile = profiles[name];
    return `| \`${name}\` | ${cell(profile.title)} | ${cell(bodyShape(profile))} | ${cell(headerNames(profile))} | ${cell(varsCell(profile))} | ${cell(profile.document.description ?? '')} | ${cell(sourceLinks(profile))} |`;
  });
  return [header, rule, ...rows].join('\n');
}

function answerCell(answer: PreconditionAnswer): string {
  if (!answer.enabledByDefault && answer.check !== 'methodNotAllowed') return 'off';
  const code = answer.code === undefined ? '' : ` \`${answer.code}\``;
  const byMethod = Object.entries(answer.statusByMethod).map(([method, status]) => `${method}: ${status}`);
  const exceptions = byMethod.length === 0 ? '' : ` (${byMethod.join(', ')})`;
  const setting = answer.setting === 'always' ? '' : `${answer.setting} → `;
  return `${setting}${answer.status}${code}${exceptions}`;
}

/** Table: what each precondition check answers, per profile (from `preconditionAnswers`). */
export function preconditionsTable(): string {
  const answers = Object.fromEntries(ORDER.map((name) => [name, preconditionAnswers(profiles[name])]));
  const header = `| Check | Where | ${ORDER.map((name) => `\`${name}\``).join(' | ')} |`;
  const rule = `|---|---|${ORDER.map(() => '---').join('|')}|`;
  const lines = PRECONDITION_CHECKS.map((check, index) => {
    const cells = ORDER.map((name) => {
      const answer = answers[name]?.[index];
      return answer === undefined ? '?' : cell(answerCell(answer));
    });
    return `| ${cell(check.when)} (${check.rfc}) | ${check.where} | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...lines].join('\n');
}

const TABLES: Record<string, () => string> = { profiles: profilesTable, kinds: kindsTable, preconditions: preconditionsTable };

/** The Markdown file the generated tables live in, relative to the repository root. */
export const TABLES_FILE = 'docs/profiles.md';

/**
 * Replaces the content between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` markers.
 * Throws when a marker pair is missing, so a page that lost a table fails loudly.
 */
export function updateTables(markdown: string): string {
  let out = markdown;
  for (const [name, build] of Object.entries(TABLES)) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from === -1 || to === -1 || to < from) throw new Error(`${TABLES_FILE} is missing the ${start} … ${end} markers`);
    out = `${out.slice(0, from + start.length)}\n${build()}\n${out.slice(to)}`;
  }
  return out;
}
