/** Profile templates compile once into functions of the render context. */
import { compileTemplate, TemplateError, type TemplateContext } from '../../src/core/template';

const context: TemplateContext = {
  status: 404,
  title: 'Not Found',
  code: 'KART20008-E',
  message: 'Required parameters are not specified.',
  detail: undefined,
  path: '/ConfigurationManager/v1/objects/ldevs',
  method: 'GET',
  requestId: 'acbc548ac6f2a0dbdb9e3518a7c0ff84',
  fields: { solution: 'Check parameters.', errorCode: { SSB1: '2E21', SSB2: '9010' } },
  vars: { retryAfter: '30' },
};

describe('compileTemplate(template)', () => {
  it('yields the raw value of a sole placeholder (numbers stay numbers, objects stay objects)', () => {
    expect(compileTemplate({ s: '{{status}}', e: '{{fields.errorCode}}' })(context)).toEqual({ s: 404, e: { SSB1: '2E21', SSB2: '9010' } });
  });

  it('omits a key whose sole placeholder is undefined', () => {
    expect(compileTemplate({ detail: '{{detail}}', cause: '{{fields.cause}}', m: '{{message}}' })(context)).toEqual({ m: context.message });
  });

  it('interpolates placeholders inside text', () => {
    expect(compileTemplate('{{status}} at {{path}} ({{fields.missing}})')(context)).toBe('404 at /ConfigurationManager/v1/objects/ldevs ()');
  });

  it('derives a value with $template/$match/$replace (VSP detailCode from messageId)', () => {
    const derive = compileTemplate({ $template: '{{code}}', $match: '^KART(\\d{5})-([A-Z])$', $replace: '$1$2-0' });
    expect(derive(context)).toBe('20008E-0');
    expect(derive({ ...context, code: 'OTHER' })).toBeUndefined();
  });

  it('keeps literals and arrays', () => {
    expect(compileTemplate({ status: 'error', list: ['{{code}}', 1, null] })(context)).toEqual({ status: 'error', list: ['KART20008-E', 1, null] });
  });

  it('does not read inherited members through fields.*', () => {
    expect(compileTemplate('{{fields.constructor}}')(context)).toBeUndefined();
    expect(compileTemplate('x{{fields.constructor}}')(context)).toBe('x');
  });

  it.each([
    ['{{nope}}', /unknown placeholder \{\{nope\}\}/],
    ['{{message.length}}', /only fields\.\* and vars\.\* have members/],
  ])('rejects %s at compile time', (template, message) => {
    expect(() => compileTemplate({ a: template }, '/body')).toThrow(TemplateError);
    expect(() => compileTemplate({ a: template }, '/body')).toThrow(message);
  });

  it('names the JSON path of a bad placeholder', () => {
    expect.assertions(1);
    try {
      compileTemplate({ outer: { inner: '{{bogus}}' } }, '/body/template');
    } catch (error) {
      expect((error as TemplateError).path).toBe('/body/template/outer/inner');
    }
  });

  it('rejects an invalid $match regular expression', () => {
    expect(() => compileTemplate({ $template: '{{code}}', $match: '(' })).toThrow(/invalid \$match/);
  });
});
