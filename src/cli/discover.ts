/**
 * Which method a route accepts, when `--path` does not say: a GET first; a 405 answer's `Allow`
 * (RFC 9110 §15.5.6: a 405 MUST list the methods the resource supports), else an OPTIONS answer's
 * `Allow` (§9.3.7), picks one, preferring GET, then the methods that take a body.
 *
 * @module
 */
import { sendHttp, type Target } from './transport';

const PREFERENCE = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function allowOf(rawHeaders: ReadonlyArray<readonly [string, string]>): string[] {
  return rawHeaders
    .filter(([name]) => name.toLowerCase() === 'allow')
    .flatMap(([, value]) => value.split(','))
    .map((method) => method.trim().toUpperCase())
    .filter((method) => method.length > 0);
}

/**
 * The method to send the route's checks with: GET unless the route answers GET with 405.
 *
 * @example
 * await discoverMethod(target, '/v1/volumes') // 'POST' (GET answered 405 with Allow: POST)
 */
export async function discoverMethod(target: Target, path: string): Promise<{ readonly method: string; readonly how: string }> {
  const probe = await sendHttp(target, { method: 'GET', target: path });
  if (probe.status !== 405) return { method: 'GET', how: 'GET is answered' };
  let allowed = allowOf(probe.rawHeaders);
  let how = "the 405's Allow";
  if (allowed.length === 0) {
    allowed = allowOf((await sendHttp(target, { method: 'OPTIONS', target: path })).rawHeaders);
    how = "OPTIONS's Allow";
  }
  const method = PREFERENCE.find((candidate) => allowed.includes(candidate));
  return method === undefined ? { method: 'GET', how: 'no usable Allow: GET' } : { method, how };
}
