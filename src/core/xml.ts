/**
 * XML error bodies: one small serializer for the bodies profiles describe as data, and its
 * escaping function. Parsing (for `decodeError`, the probe and `record`) uses fast-xml-parser,
 * loaded only when an XML answer is read.
 *
 * XML 1.0 (Fifth Edition) §2.2 `Char` allows `#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
 * [#x10000-#x10FFFF]`; no escape can put any other character in a document (a character
 * reference to one is itself a well-formedness error, §4.1 "Legal Character"). So a thrown
 * message holding a NUL or another C0 control, a lone surrogate, U+FFFE or U+FFFF gets U+FFFD in
 * its place: the body stays well-formed and the rest of the message readable.
 *
 * @module
 */

/** How a profile writes its body as XML (the profile's `body.xml`). */
export interface XmlBodySettings {
  /** The root element's name, e.g. S3's `Error` or RFC 9457 Appendix B's `problem`. */
  readonly root: string;
  /** Emitted verbatim before the root, e.g. `<?xml version="1.0" encoding="UTF-8"?>\n`; absent: none. */
  readonly declaration?: string;
  /** The default namespace (`xmlns`) of the root, e.g. `urn:ietf:rfc:7807`; absent: none. */
  readonly namespace?: string;
  /** The element each array item is written as (RFC 9457 Appendix B: `i`); default `i`. */
  readonly arrayItem?: string;
}

/** Characters outside XML 1.0 `Char`, and unpaired surrogates. */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Characters escaped in text and attribute values (§2.4, §3.3.3: CR would be normalized away). */
const ESCAPED = /[&<>"'\r]/g;
const ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };
const NEEDS_WORK = /[&<>"'\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/; // eslint-disable-line no-control-regex

/**
 * Escapes text for XML 1.0 character data or an attribute value: `& < > " '` and CR become
 * references, and characters no XML document may hold become U+FFFD.
 *
 * @example
 * escapeXml('a < b & "c"') // 'a &lt; b &amp; &quot;c&quot;'
 * escapeXml('bad\u0000byte') // 'bad\uFFFDbyte'
 */
export function escapeXml(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(NOT_XML_CHAR, '\ufffd').replace(ESCAPED, (character) => ENTITY[character] as string);
}

/** XML 1.0 `Name` (ASCII subset, no colon): what a profile may use as an element name. */
export const XML_ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

function writeValue(name: string, value: unknown, item: string, depth: number): string {
  if (value === undefined) return '';
  if (value === null || value === '') return `<${name}/>`;
  if (Array.isArray(value)) {
    let inner = '';
    for (const member of value) inner += writeValue(item, member, item, depth + 1);
    return inner === '' ? `<${name}/>` : `<${name}>${inner}</${name}>`;
  }
  if (typeof value === 'object') {
    // Deeper than any body a profile renders (details are capped at depth 3): written as text.
    if (depth > 8) return `<${name}>${escapeXml(JSON.stringify(value) ?? '')}</${name}>`;
    let inner = '';
    for (const key of Object.keys(value)) {
      // Thrown details may carry keys that are not element names ("a b", "1x"): a member whose
      // name cannot be an element is left out rather than written ill-formed.
      if (XML_ELEMENT_NAME.test(key)) inner += writeValue(key, (value as Record<string, unknown>)[key], item, depth + 1);
    }
    return inner === '' ? `<${name}/>` : `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/**
 * Serializes a rendered body (the object a profile's template produced) as the profile's XML:
 * the declaration, then the root element holding one child element per member in template order.
 *
 * @example
 * serializeXml({ Code: 'NoSuchKey', Message: 'The specified key does not exist.' }, { root: 'Error', declaration: '<?xml version="1.0" encoding="UTF-8"?>\n' })
 * // '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>'
 */
export function serializeXml(payload: unknown, settings: XmlBodySettings): string {
  const item = settings.arrayItem ?? 'i';
  const open = settings.namespace === undefined ? settings.root : `${settings.root} xmlns="${escapeXml(settings.namespace)}"`;
  let inner = '';
  if (payload !== null && typeof payload === 'object' && !Array.isArray(payload)) {
    for (const key of Object.keys(payload)) if (XML_ELEMENT_NAME.test(key)) inner += writeValue(key, (payload as Record<string, unknown>)[key], item, 1);
  } else if (payload !== undefined && payload !== null && payload !== '') {
    inner = writeValue(item, payload, item, 1);
  }
  const element = inner === '' ? `<${open}/>` : `<${open}>${inner}</${settings.root}>`;
  return `${settings.declaration ?? ''}${element}`;
}

/**
 * The rendered form an XML body parses back to: every leaf a string (XML has no numbers), members
 * that render undefined left out, arrays as `{ <item>: [...] }`, empty values as `''`. A profile's
 * `bodySchema` describes this form, so the check at definition and a client's parse agree.
 *
 * @example
 * xmlPayloadOf({ status: 404, errors: [{ detail: 'x' }] }, 'i') // { status: '404', errors: { i: [{ detail: 'x' }] } }
 */
export function xmlPayloadOf(payload: unknown, arrayItem = 'i'): unknown {
  const convert = (value: unknown, depth: number): unknown => {
    if (value === null || value === undefined) return '';
    if (Array.isArray(value)) return value.length === 0 ? '' : { [arrayItem]: value.map((member) => convert(member, depth + 1)) };
    if (typeof value === 'object') {
      if (depth > 8) return JSON.stringify(value) ?? '';
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const member = (value as Record<string, unknown>)[key];
        if (member !== undefined && XML_ELEMENT_NAME.test(key)) out[key] = convert(member, depth + 1);
      }
      return Object.keys(out).length === 0 ? '' : out;
    }
    // What a client parses: characters no XML document may hold were written as U+FFFD.
    return String(value).replace(NOT_XML_CHAR, '\ufffd');
  };
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return convert(payload, 1);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(payload)) {
    const member = (payload as Record<string, unknown>)[key];
    if (member !== undefined && XML_ELEMENT_NAME.test(key)) out[key] = convert(member, 1);
  }
  return out;
}

/** A parsed XML document: the root element's name and its content in {@link xmlPayloadOf}'s form. */
export interface ParsedXml {
  readonly root: string;
  readonly namespace: string | undefined;
  readonly value: unknown;
}

interface XmlParserModule {
  readonly XMLParser: new (options: Record<string, unknown>) => { parse(text: string): unknown };
  readonly XMLValidator: { validate(text: string): true | { err: { msg: string; line: number; col: number } } };
}
let parserModule: XmlParserModule | undefined;

function loadParser(): XmlParserModule {
  // Loaded on first use: rendering never parses, and most apps never read an XML answer.
  // eslint-disable-next-line @typescript-eslint/no-require-imports, no-restricted-globals
  parserModule ??= require('fast-xml-parser') as XmlParserModule;
  return parserModule;
}

function stripAttributes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripAttributes);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((key) => !key.startsWith('@_'));
  if (keys.length === 1 && keys[0] === '#text') return record['#text'];
  if (keys.length === 0) return '';
  const out: Record<string, unknown> = {};
  for (const key of keys) if (key !== '#text') out[key] = stripAttributes(record[key]);
  return out;
}

/**
 * Parses an XML document with fast-xml-parser (entities decoded, every value a string), or returns
 * the reason it is not well-formed. Never throws.
 *
 * @example
 * parseXml('<Error><Code>NoSuchKey</Code></Error>') // { root: 'Error', namespace: undefined, value: { Code: 'NoSuchKey' } }
 * parseXml('<Error>') // 'not well-formed XML: …'
 */
export function parseXml(text: string): ParsedXml | string {
  try {
    const { XMLParser, XMLValidator } = loadParser();
    const valid = XMLValidator.validate(text);
    if (valid !== true) return `not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`;
    const parsed = new XMLParser({
      parseTagValue: false,
      parseAttributeValue: false,
      ignoreAttributes: false,
      ignoreDeclaration: true,
      ignorePiTags: true,
      htmlEntities: true,
      trimValues: false,
      processEntities: true,
    }).parse(text) as Record<string, unknown>;
    const roots = Object.keys(parsed).filter((key) => !key.startsWith('?') && key !== '#text');
    if (roots.length !== 1) return 'not well-formed XML: expected exactly one root element';
    const root = roots[0] as string;
    const raw = parsed[root];
    const namespace = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)['@_xmlns'] : undefined;
    const value = stripAttributes(raw);
    // An empty root is an empty body object (what xmlPayloadOf gives for `{}`), not an empty string.
    return { root, namespace: typeof namespace === 'string' ? namespace : undefined, value: value === '' ? {} : value };
  } catch (error) {
    return `not well-formed XML: ${(error as Error)?.message ?? 'unknown error'}`;
  }
}
