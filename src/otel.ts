/**
 * `vendor-compat/otel`: the vendor's answer in OpenTelemetry traces and metrics, as an `onError`
 * hook (`@opentelemetry/api` is an optional peer dependency; nothing else is loaded).
 *
 * On the active span (`trace.getActiveSpan()`, or the one `getSpan` returns):
 * - `error.type`: the vendor code, or the kind where the answer has no code (the HTTP semantic
 *   conventions make `error.type` conditionally required and allow a low-cardinality,
 *   component-specific identifier);
 * - `vendor_compat.profile`, `vendor_compat.kind`, `vendor_compat.code`, `vendor_compat.mapped`;
 * - the status per the HTTP server conventions: Error for a 5xx, unset for a 4xx (configurable);
 * - an `exception` event only for an unexpected throw (a route's error no rule mapped that carries
 *   neither the vendor-compat brand nor a status): what the Node instrumentations miss when an
 *   error handler answers.
 *
 * A counter `vendor_compat.errors` with `vendor_compat.profile`, `vendor_compat.code` (the
 * profile's own codes; any other is `other`; the kind where the answer has no code) and
 * `vendor_compat.status_class` (`4xx`, `5xx`).
 *
 * @module
 */
import { metrics, SpanStatusCode, trace, type Attributes, type Counter, type Meter, type Span } from '@opentelemetry/api';
import type { ErrorEvent, OnError } from './core/app-config';
import { ERROR_BRAND } from './core/brand';
import type { Profile } from './core/define-profile';
import { readProperty } from './core/safe-read';
import { profileCodes } from './otel/codes';
import { profiles, type ProfileName } from './profiles';

/** Options of {@link otelOnError}. */
export interface OtelOnErrorOptions {
  /** The meter for `vendor_compat.errors` (default: `metrics.getMeter('vendor-compat')`); `false`: no counter. */
  readonly meter?: Meter | false;
  /** The span to annotate (default: the active span). */
  readonly getSpan?: (event: ErrorEvent) => Span | undefined;
  /** Set the span status to Error for a 4xx too (default false: unset, as the HTTP server conventions say). */
  readonly errorStatusFor4xx?: boolean;
  /** Profiles built with `defineProfile`, so their codes count as known (the built-in ones are known already). */
  readonly profiles?: readonly Profile[];
  /** Another hook to call after this one (your logger): `otelOnError({ then: log })`. */
  readonly then?: OnError;
}

/** A route's throw no rule mapped and that carries neither the brand nor a status: answered as a 500. */
function isUnexpected(event: ErrorEvent): boolean {
  if (event.source !== 'route' || event.mapped || event.error === undefined) return false;
  const brand = readProperty(event.error, ERROR_BRAND);
  const status = readProperty(event.error, 'status') ?? readProperty(event.error, 'statusCode');
  return brand === undefined && typeof status !== 'number';
}

function exceptionOf(error: unknown): Error | string {
  if (error instanceof Error) return error;
  try {
    return String(error);
  } catch {
    return 'a thrown value that cannot be printed';
  }
}

/**
 * The `onError` hook that reports each error answer on the active span and in the
 * `vendor_compat.errors` counter. Compose it with your own hook with `then`, or call it from yours.
 *
 * @example
 * import { otelOnError } from 'vendor-compat/otel'
 * const vc = vendorCompat({ profile: 'apig', onError: otelOnError({ then: (event) => logger.warn(event) }) })
 */
export function otelOnError(options: OtelOnErrorOptions = {}): OnError {
  const custom = new Map((options.profiles ?? []).map((profile) => [profile.name, profile]));
  const known = (name: string): Profile | undefined => custom.get(name) ?? (Object.prototype.hasOwnProperty.call(profiles, name) ? profiles[name as ProfileName] : undefined);
  let counter: Counter | undefined;
  const counterOf = (): Counter | undefined => {
    if (options.meter === false) return undefined;
    counter ??= (options.meter ?? metrics.getMeter('vendor-compat')).createCounter('vendor_compat.errors', { description: 'Error answers, by profile, vendor code and status class' });
    return counter;
  };
  return function vendorCompatOtel(event: ErrorEvent): unknown {
    const identifier = event.code ?? event.kind;
    const span = options.getSpan === undefined ? trace.getActiveSpan() : options.getSpan(event);
    if (span !== undefined) {
      const attributes: Attributes = {
        'error.type': identifier,
        'vendor_compat.profile': event.profile,
        'vendor_compat.kind': event.kind,
        'vendor_compat.mapped': event.mapped,
      };
      if (event.code !== undefined) attributes['vendor_compat.code'] = event.code;
      span.setAttributes(attributes);
      if (event.status >= 500 || (event.status >= 400 && options.errorStatusFor4xx === true)) span.setStatus({ code: SpanStatusCode.ERROR });
      if (isUnexpected(event)) span.recordException(exceptionOf(event.error));
    }
    const profile = known(event.profile);
    const code = event.code === undefined ? event.kind : profile !== undefined && profileCodes(profile).has(event.code) ? event.code : 'other';
    counterOf()?.add(1, { 'vendor_compat.profile': event.profile, 'vendor_compat.code': code, 'vendor_compat.status_class': `${Math.floor(event.status / 100)}xx` });
    return options.then?.(event);
  };
}

export type { ErrorEvent, OnError } from './core/app-config';
