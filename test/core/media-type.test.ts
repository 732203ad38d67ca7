/**
 * One media-type parser for the core (RFC 9110 §8.3.1 `type "/" subtype *( OWS ";" OWS parameter )`),
 * built on jshttp `content-type`: the preconditions, the decoder and the OpenAPI reader use it.
 */
import { isJsonMediaType, mediaTypeEssence, parseMediaType, sameMediaType } from '../../src/core/media-type';
import { sameMediaType as decodeSameMediaType } from '../../src/core/decode/decode-error';
import { contentTypeVerdict } from '../../src/core/preconditions/content-type';

describe('parseMediaType', () => {
  it.each([
    ['application/json', { type: 'application/json', parameters: {} }],
    ['Application/JSON; Charset="UTF-8"', { type: 'application/json', parameters: { charset: 'UTF-8' } }],
    ['application/problem+json;charset=utf-8', { type: 'application/problem+json', parameters: { charset: 'utf-8' } }],
    ['  text/plain ; format=flowed ', { type: 'text/plain', parameters: { format: 'flowed' } }],
  ])('%s', (value, expected) => {
    expect(parseMediaType(value)).toEqual(expected);
  });

  it.each([['application/json;'], ['json'], [''], ['application/json; charset'], ['a/b c'], [undefined], [42], [['application/json']]])('%p is not a media type', (value) => {
    expect(parseMediaType(value)).toBeUndefined();
  });
});

describe('mediaTypeEssence', () => {
  it.each([
    ['Application/JSON; charset=UTF-8', 'application/json'],
    ['application/json;', 'application/json'], // malformed parameters: the type it names still counts
    ['  text/csv  ', 'text/csv'],
    ['', undefined],
    [' ; charset=utf-8', undefined],
    [undefined, undefined],
  ])('%p → %p', (value, expected) => {
    expect(mediaTypeEssence(value)).toBe(expected);
  });
});

describe('isJsonMediaType (RFC 8259 §1, RFC 6839 §3.1)', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['APPLICATION/PROBLEM+JSON', true],
    ['application/vnd.api+json;v=2', true],
    ['text/json', false],
    ['application/jsonx', false],
    ['application/+json', false],
    ['text/plain', false],
    [undefined, false],
  ])('%p → %p', (value, expected) => {
    expect(isJsonMediaType(value)).toBe(expected);
  });
});

describe('sameMediaType', () => {
  it.each([
    ['application/json; charset=utf-8', 'application/json;charset=UTF-8', true],
    ['application/json; charset="UTF-8"', 'application/json;charset=UTF-8', true],
    ['application/json', 'application/json;charset=UTF-8', false],
    ['application/json; charset=utf-8; v=1', 'application/json', true],
    ['text/plain', 'application/json', false],
  ])('%s vs %s → %p', (actual, expected, same) => {
    expect(sameMediaType(actual, expected)).toBe(same);
    expect(decodeSameMediaType(actual, expected)).toBe(same); // the decoder uses this one
  });
});

describe('the preconditions judge with the same parser', () => {
  const matcher = { exact: new Set(['application/json']), anySubtype: new Set<string>(), any: false };
  it.each([
    ['Application/JSON; charset=UTF-8', 'accepted'],
    ['application/json;', 'malformed'],
    ['text/plain', 'unsupported'],
  ] as const)('%s → %s', (value, verdict) => {
    expect(contentTypeVerdict(value, matcher, new Map())).toBe(verdict);
  });
});
