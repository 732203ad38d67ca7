/**
 * `addErrorResponses`: puts the vendor's error responses into an API document, operation by
 * operation: each gets the statuses its own preconditions and validation can produce (the same
 * settings `vendorCompat({ openapi })` judges it with), so the document and the gateway agree.
 *
 * @module
 */
import { compiledOf, type Profile } from '../define-profile';
import type { KindName } from '../kinds';
import { compilePreconditions, type CompiledPreconditions, type PreconditionOverrides } from '../preconditions';
import { parseRouteKey } from '../routes/route-key';
import type { ValidationExtra } from '../validation/compile';
import { componentNames, exampleOf, openapiErrors, responseOf, VALIDATION_RESPONSE, validationExampleOf, type OpenapiErrorsOptions, type OpenapiResponse } from './errors-out';
import { routesFromOpenapi } from './from-document';

/**
 * Options for {@link addErrorResponses}.
 *
 * @example
 * addErrorResponses(document, profiles.vsp, { version: '3.0', preconditions: { maxBodyBytes: 1048576 } })
 */
export interface AddErrorResponsesOptions extends OpenapiErrorsOptions {
  /** The app's precondition overrides (`vendorCompat({ preconditions })`). */
  readonly preconditions?: PreconditionOverrides;
}

type Json = Record<string, unknown>;
type Produced = KindName | typeof VALIDATION_RESPONSE;

/** The kinds a request to one operation can be answered with, in the order the checks run. */
function producedBy(compiled: CompiledPreconditions, hasBody: boolean, validates: boolean): Produced[] {
  const kinds: Produced[] = [];
  if (compiled.maxUriBytes !== Infinity) kinds.push('uriTooLong');
  kinds.push('badRequest', 'expectationFailed');
  if (hasBody) {
    if (compiled.requireContentLength) kinds.push('lengthRequired');
    if (compiled.maxBodyBytes !== Infinity) kinds.push('payloadTooLarge');
    if (compiled.requestMediaTypes !== null || compiled.contentTypeRequiredWithBody) kinds.push('unsupportedMediaType');
  }
  if (compiled.responseMediaTypes !== null) kinds.push('notAcceptable');
  if (validates) kinds.push(VALIDATION_RESPONSE);
  kinds.push('internalServerError');
  return kinds;
}

/**
 * A copy of `document` (never modified) with the profile's error components and, on every
 * operation, a response for each status its preconditions and validation can produce (a status
 * the operation already documents is left as it is). Where several kinds share a status (VSP
 * answers a too-large body and a malformed one with 400), one response lists them, with an
 * example each. Throws the same `TypeError` as `vendorCompat({ openapi })` for a document it
 * cannot read.
 *
 * @example
 * const documented = addErrorResponses(YAML.parse(fs.readFileSync('api.yaml', 'utf8')), profiles.vsp)
 * documented.paths['/objects/ldevs'].post.responses['415'] // { $ref: '#/components/responses/VspUnsupportedMediaType' }
 */
export function addErrorResponses<D extends object>(document: D, profile: Profile, options: AddErrorResponsesOptions = {}): D {
  const { entries } = routesFromOpenapi(document);
  const copy = structuredClone(document) as Json;
  const names = componentNames(profile, options);
  const errors = openapiErrors(profile, options).components;
  const components = (copy.components ?? {}) as Json;
  copy.components = {
    ...components,
    schemas: { ...(components.schemas as Json | undefined), ...errors.schemas },
    responses: { ...(components.responses as Json | undefined), ...errors.responses },
  };
  const app = compilePreconditions(profile.document.preconditions, options.preconditions);
  const resolve = compiledOf(profile).resolve;
  const schemaRef = `#/components/schemas/${names.schema}`;
  const validationKind = profile.document.validation?.kind ?? 'badRequest';
  const paths = copy.paths as Record<string, Json>;
  for (const entry of entries) {
    const parsed = parseRouteKey(entry.key, { openapi: true });
    const method = parsed.method as string;
    const { schema, ...overrides } = entry.settings;
    const extra = entry.extra as ValidationExtra;
    const compiled = compilePreconditions(app.settings, overrides);
    const hasBody = extra.bodies !== undefined || overrides.requestMediaTypes !== undefined;
    const validates = schema !== undefined || (extra.bodies?.length ?? 0) > 0 || extra.bodyRequired === true;
    const byStatus = new Map<number, Produced[]>();
    for (const produced of producedBy(compiled, hasBody, validates)) {
      const status = resolve(produced === VALIDATION_RESPONSE ? validationKind : produced, method).status;
      byStatus.set(status, [...(byStatus.get(status) ?? []), produced]);
    }
    const operation = paths[parsed.path]?.[method.toLowerCase()] as Json | undefined;
    if (operation === undefined || operation === null || typeof operation !== 'object') continue; // a path item behind a $ref is shared: left as it is
    const responses = { ...((operation.responses ?? {}) as Json) };
    for (const [status, produced] of byStatus) {
      if (responses[String(status)] !== undefined) continue;
      responses[String(status)] = responseFor(profile, produced, method, { names, schemaRef, options, resolve });
    }
    operation.responses = responses;
  }
  return copy as D;
}

interface ResponseContext {
  readonly names: ReturnType<typeof componentNames>;
  readonly schemaRef: string;
  readonly options: OpenapiErrorsOptions;
  readonly resolve: ReturnType<typeof compiledOf>['resolve'];
}

function renderedFor(profile: Profile, produced: Produced, method: string, options: OpenapiErrorsOptions): ReturnType<typeof exampleOf> {
  return produced === VALIDATION_RESPONSE ? validationExampleOf(profile, options, method) : exampleOf(profile, produced, options, method);
}

function responseFor(profile: Profile, produced: readonly Produced[], method: string, context: ResponseContext): OpenapiResponse | { $ref: string } {
  const first = produced[0] as Produced;
  const asDocumented = (kind: Produced): boolean => {
    if (kind === VALIDATION_RESPONSE) return true; // the component is rendered for POST; codes do not vary by method
    const here = context.resolve(kind, method);
    const there = context.resolve(kind, 'GET');
    return here.status === there.status && here.code === there.code;
  };
  if (produced.length === 1 && asDocumented(first)) return { $ref: `#/components/responses/${context.names.response(first)}` };
  const renderings = produced.map((kind) => ({ kind, rendered: renderedFor(profile, kind, method, context.options) }));
  const base = renderings[0]?.rendered as ReturnType<typeof exampleOf>;
  const response = responseOf(base, renderings.map(({ kind, rendered }) => `${kind}${rendered.code === undefined ? '' : ` ${rendered.code}`}`).join('; '), context.schemaRef, base.kind);
  const headers = Object.assign({}, ...renderings.map(({ rendered }) => responseOf(rendered, '', context.schemaRef, rendered.kind).headers ?? {})) as NonNullable<OpenapiResponse['headers']>;
  const type = Object.keys(response.content ?? {})[0];
  const content =
    type === undefined
      ? undefined
      : { [type]: { schema: { $ref: context.schemaRef }, examples: Object.fromEntries(renderings.map(({ kind, rendered }) => [kind, { summary: `${kind}${rendered.code === undefined ? '' : ` (${rendered.code})`}`, value: rendered.payload }])) } };
  return {
    description: `${base.status} ${base.statusMessage}: ${response.description}`,
    ...(Object.keys(headers).length === 0 ? {} : { headers }),
    ...(content === undefined ? {} : { content }),
  };
}
