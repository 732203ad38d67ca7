/**
 * The per-kind body serializer (constant members escaped once) must be
 * `JSON.stringify` exactly, for any payload and any sequence of payloads (its memo carries state
 * from one render to the next).
 */
import fc from 'fast-check';
import { createBodySerializer } from '../../src/core/template';

describe('createBodySerializer()', () => {
  it('equals JSON.stringify for any sequence of JSON values', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 8 }), (payloads) => {
        const serialize = createBodySerializer();
        for (const payload of payloads) expect(serialize(payload)).toBe(JSON.stringify(payload));
      }),
    );
  });

  it('equals JSON.stringify for flat objects whose members repeat, change and disappear', () => {
    const member = fc.oneof(fc.string(), fc.constantFrom('same', 'ünïcödé "quoted"\n', '\u2028'), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const key = fc.constantFrom('message', 'code', '0', '10', '2', '__proto__x', 'a"b', 'é');
    fc.assert(
      fc.property(fc.array(fc.dictionary(key, member), { minLength: 1, maxLength: 12 }), (payloads) => {
        const serialize = createBodySerializer();
        for (const payload of payloads) expect(serialize(payload)).toBe(JSON.stringify(payload));
      }),
    );
  });

  it('keeps JSON.stringify key order (integer-like keys first) and escapes keys', () => {
    const serialize = createBodySerializer();
    const payload = { b: 'x', 10: 'y', 2: 'z', 'q"uote': 'w' };
    expect(serialize(payload)).toBe(JSON.stringify(payload));
    expect(serialize(payload)).toBe(JSON.stringify(payload));
  });

  it('serializes null, strings, arrays and nested objects as JSON.stringify does', () => {
    const serialize = createBodySerializer();
    for (const payload of [null, 'text', [1, 'a', null], { a: { b: [1] } }, {}, { a: undefined }, { f: () => 1 }]) {
      expect(serialize(payload)).toBe(JSON.stringify(payload));
    }
  });
});
