/**
 * XML error bodies: escaping (XML 1.0 §2.2 `Char`, §2.4 character data, §3.3.3 attribute
 * normalization), serialization from a profile's template, the parse-back form `bodySchema`
 * describes, and the format a request's Accept picks (RFC 9457 Appendix B, RFC 6839 suffixes).
 */
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { escapeXml, parseXml, serializeXml, xmlPayloadOf } from '../../src/core/xml';
import { formatChooser } from '../../src/core/negotiate-format';

/** XML 1.0 §2.2: `#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]`. */
const XML_CHARS = /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;

function collapse(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 1 ? collapse(value[0]) : value.map(collapse);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, collapse(member)]));
}

function textOf(xml: string): string {
  const parsed = new XMLParser({ parseTagValue: false, trimValues: false, htmlEntities: true }).parse(xml) as { a: unknown };
  return typeof parsed.a === 'string' ? parsed.a : '';
}

describe('escapeXml', () => {
  it.each([
    ['&', '&amp;'],
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['"', '&quot;'],
    ["'", '&apos;'],
    ['\r', '&#13;'],
    ['\t\n', '\t\n'],
    ['\u0000', '\ufffd'],
    ['\u0008', '\ufffd'],
    ['\u000b\u000c', '\ufffd\ufffd'],
    ['\u001f', '\ufffd'],
    ['\ufffe\uffff', '\ufffd\ufffd'],
    ['\ud800', '\ufffd'],
    ['x\udc00y', 'x\ufffdy'],
    ['\ud83d\ude00', '\ud83d\ude00'],
    ['plain text', 'plain text'],
    ['a < b && c > "d"', 'a &lt; b &amp;&amp; c &gt; &quot;d&quot;'],
  ])('%j becomes %j', (input, output) => {
    expect(escapeXml(input)).toBe(output);
  });

  it('any string becomes character data that is well-formed, legal XML 1.0 and reads back as the string with illegal characters replaced (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (text) => {
        const escaped = escapeXml(text);
        expect(XML_CHARS.test(escaped)).toBe(true);
        const document = `<a>${escaped}</a>`;
        expect(XMLValidator.validate(document)).toBe(true);
        const expected = text.replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\ufffd');
        expect(textOf(document)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('serializeXml', () => {
  const s3 = { root: 'Error', declaration: '<?xml version="1.0" encoding="UTF-8"?>\n' };

  it('writes the declaration, the root and one element per member in template order', () => {
    expect(serializeXml({ Code: 'NoSuchKey', Message: 'The resource you requested does not exist', Resource: '/mybucket/myfoto.jpg', RequestId: '4442587FB7D0A2F9' }, s3)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The resource you requested does not exist</Message><Resource>/mybucket/myfoto.jpg</Resource><RequestId>4442587FB7D0A2F9</RequestId></Error>',
    );
  });

  it('omits undefined members, writes null and empty as empty elements, numbers and booleans as text', () => {
    expect(serializeXml({ a: undefined, b: null, c: '', d: 404, e: false }, { root: 'r' })).toBe('<r><b/><c/><d>404</d><e>false</e></r>');
  });

  it('nests objects and writes arrays as repeated items (RFC 9457 Appendix B: <i>)', () => {
    expect(serializeXml({ errors: [{ detail: 'x', pointer: '#/a' }, 'y'] }, { root: 'problem', namespace: 'urn:ietf:rfc:7807', arrayItem: 'i' })).toBe(
      '<problem xmlns="urn:ietf:rfc:7807"><errors><i><detail>x</detail><pointer>#/a</pointer></i><i>y</i></errors></problem>',
    );
  });

  it('leaves out members whose names cannot be element names (thrown details), never writing ill-formed XML', () => {
    const xml = serializeXml({ ok: 'v', 'a b': 'x', '1x': 'y', '<x>': 'z', nested: { 'bad name': 1, good: 2 } }, { root: 'r' });
    expect(xml).toBe('<r><ok>v</ok><nested><good>2</good></nested></r>');
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('an empty payload is an empty root', () => {
    expect(serializeXml({}, { root: 'Error' })).toBe('<Error/>');
  });

  it('any payload of thrown-detail shapes serializes to well-formed XML whose parse equals xmlPayloadOf (property)', () => {
    const leaf = fc.oneof(fc.string({ unit: 'binary', maxLength: 16 }), fc.integer(), fc.boolean(), fc.constant(null));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/), tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/), value, { maxKeys: 5 }), (payload) => {
        const xml = serializeXml(payload, { root: 'Error' });
        const parsed = parseXml(xml);
        if (typeof parsed === 'string') throw new Error(`${parsed}: ${xml}`);
        expect(parsed.root).toBe('Error');
        // XML cannot tell a one-item array from its item: both sides read one-item arrays as the item.
        expect(collapse(parsed.value)).toEqual(collapse(xmlPayloadOf(payload)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseXml', () => {
  it('reads the root, its namespace and its members as strings, entities decoded', () => {
    expect(parseXml('<?xml version="1.0"?>\n<problem xmlns="urn:ietf:rfc:7807"><status>404</status><detail>a &amp; b&#13;</detail><e/></problem>')).toEqual({
      root: 'problem',
      namespace: 'urn:ietf:rfc:7807',
      value: { status: '404', detail: 'a & b\r', e: '' },
    });
  });

  it.each([['<Error>'], ['<Error></Other>'], ['not xml'], ['<a/><b/>'], ['']])('%j is not well-formed: a reason, never a throw', (text) => {
    expect(typeof parseXml(text)).toBe('string');
  });
});

describe('formatChooser (RFC 9110 §12.5.1 ranking; RFC 6839 suffixes; never a 406)', () => {
  const choose = formatChooser(['application/problem+json', 'application/problem+xml']);

  it.each([
    [undefined, 0],
    ['', 0],
    ['*/*', 0],
    ['application/*', 0],
    ['text/html', 0],
    ['application/problem+json', 0],
    ['application/json', 0],
    ['application/problem+xml', 1],
    ['application/xml', 1],
    ['APPLICATION/PROBLEM+XML', 1],
    ['application/problem+xml;q=0.5, application/problem+json;q=0.4', 1],
    ['application/problem+json;q=0.5, application/problem+xml', 1],
    ['application/json;q=0.1, application/xml;q=0.9', 1],
    ['application/problem+xml;q=0, */*', 0],
    ['application/problem+json, application/problem+xml', 0],
    ['application/problem+xml, application/problem+json', 1],
    ['text/xml', 0],
    ['application/problem+xml;charset=utf-8', 1],
    [['text/html', 'application/problem+xml'], 1],
    ['\u0000garbage;;;q=x', 0],
  ] as const)('Accept %j → format %i', (accept, index) => {
    expect(choose(accept as string | readonly string[] | undefined)).toBe(index);
  });

  it('a profile with one format never negotiates', () => {
    expect(formatChooser(['application/json'])('application/xml')).toBe(0);
  });
});
