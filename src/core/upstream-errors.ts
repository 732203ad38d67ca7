/**
 * `upstreamErrors`: the rules a gateway adds so that a dead or slow upstream is answered the way
 * the vendor's own gateway answers it: connection failures → `badGateway`, timeouts →
 * `gatewayTimeout`. The vendor's status, code and text come from the profile: APIG 502
 * `APIG.0202` "Backend unavailable" / 504 `APIG.0203` "Backend timeout" (seed 003 rows 502, 504;
 * huawei-apig-mpc-and-stratos.md §1.2), MPC's gateway `APIGW.0202` / `APIGW.0203` (§2.1), VSP 502
 * "Proxy Error" / 504 "Gateway Timeout" (seed 001), HCP 500 / 503 and Stratos 500 (their
 * profiles' notes).
 *
 * Opt-in: in a plain service an `ECONNREFUSED` from its own database is the service's 500, not a
 * gateway's 502, so nothing here applies unless the app lists these rules:
 * `errors: [...upstreamErrors, ...mine]`. Codes are Node's (`lib/internal/errors.js`, libuv
 * `uv_err_name`, OpenSSL verify errors) and undici's (`lib/core/errors.js`), which is what
 * `fetch` puts in `cause`.
 *
 * @module
 */
import type { ErrorRule } from './error-rules';
import { readProperty } from './safe-read';

/**
 * Codes of an upstream that did not answer in time: a socket timeout, undici's connect, headers
 * and body timeouts, a TLS handshake that timed out.
 *
 * @example
 * UPSTREAM_TIMEOUT_CODES.includes('UND_ERR_HEADERS_TIMEOUT') // true
 */
export const UPSTREAM_TIMEOUT_CODES: readonly string[] = Object.freeze([
  'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
  'ERR_TLS_HANDSHAKE_TIMEOUT',
]);

/**
 * Codes of an upstream that could not be reached or broke the exchange: refused, reset,
 * unreachable, DNS failure, broken pipe, undici's socket errors, an invalid response.
 *
 * @example
 * UPSTREAM_CONNECTION_CODES.includes('ECONNREFUSED') // true
 */
export const UPSTREAM_CONNECTION_CODES: readonly string[] = Object.freeze([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'EPIPE',
  'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EPROTO',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'UND_ERR_RES_EXCEEDED_MAX_SIZE',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** OpenSSL errors surface as `ERR_SSL_<REASON>`; Node's own HTTP parser errors on a response as `HPE_*`. */
const TLS_OR_PARSE_FAILURE = /^(?:ERR_SSL_|HPE_)/;


/**
 * The gateway rules, timeouts first (a `fetch failed` whose cause is a connect timeout is a
 * timeout, not a refusal). Spread them before your own: `errors: [...upstreamErrors, ...mine]`.
 *
 * @example
 * const vc = vendorCompat({ profile: 'apig', errors: [...upstreamErrors] })
 * // fetch('http://127.0.0.1:1/') rejects with TypeError('fetch failed', { cause: ECONNREFUSED })
 * // → 502 {"error_code":"APIG.0202","error_msg":"Backend unavailable","request_id":"…"}
 */
export const upstreamErrors: readonly ErrorRule[] = Object.freeze([
  // AbortSignal.timeout() rejects fetch with a DOMException named TimeoutError (and is the cause
  // of http.request's AbortError); a socket or undici timeout carries one of the codes.
  Object.freeze<ErrorRule>({ name: 'TimeoutError', kind: 'gatewayTimeout' }),
  Object.freeze<ErrorRule>({ code: UPSTREAM_TIMEOUT_CODES, kind: 'gatewayTimeout' }),
  // An upstream request the gateway aborted (its own deadline, AbortController) did not answer in time.
  Object.freeze<ErrorRule>({ name: 'AbortError', kind: 'gatewayTimeout' }),
  Object.freeze<ErrorRule>({ code: ['ABORT_ERR', 'UND_ERR_ABORTED'], kind: 'gatewayTimeout' }),
  Object.freeze<ErrorRule>({ code: UPSTREAM_CONNECTION_CODES, kind: 'badGateway' }),
  Object.freeze<ErrorRule>({
    when: (err) => {
      const code = readProperty(err, 'code');
      return typeof code === 'string' && TLS_OR_PARSE_FAILURE.test(code);
    },
    kind: 'badGateway',
  }),
]);
