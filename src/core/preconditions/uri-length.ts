/**
 * URI length (414). RFC 9110 §4.1 recommends supporting request-targets of at least 8000
 * octets and §15.5.15 defines 414 for a longer target than the server will interpret.
 * Vendor rows: HCP "the portion of the URL following `rest` is longer than 4,095 bytes"
 * (hitachi-hcp-and-vsp.md §1(a) 414, applied after `/mapi`); APIG "Request URI too large."
 * above 32 KB (huawei-apig-mpc-and-stratos.md §1.2 414, §1.4).
 *
 * @module
 */

/**
 * Octets of `url` from `start`: Node hands the request-target over one character per octet,
 * so any character up to U+00FF counts 1; other code units count their UTF-8 length.
 */
function octets(url: string, start: number): number {
  let bytes = 0;
  for (let i = start; i < url.length; i++) {
    const code = url.charCodeAt(i);
    if (code < 0x100) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Where counting starts: after `base` when the target is `base` itself or lies under it
 * (`/mapi`, `/mapi/…`, `/mapi?…`), else 0.
 */
function countFrom(url: string, base: string | undefined): number {
  if (base === undefined || !url.startsWith(base)) return 0;
  const next = url.charCodeAt(base.length);
  return Number.isNaN(next) || next === 0x2f /* / */ || next === 0x3f /* ? */ ? base.length : 0;
}

/**
 * True when the request-target (after `base`) is longer than `maxBytes` octets. Fast paths: a
 * target with no more characters than the limit and no character above U+00FF is measured by
 * its length alone.
 *
 * @example
 * uriTooLong('/mapi/tenants/' + 'a'.repeat(4090), 4095, '/mapi') // true
 * uriTooLong('/mapi/tenants', 4095, '/mapi') // false
 */
export function uriTooLong(url: string, maxBytes: number, base: string | undefined): boolean {
  if (url.length <= maxBytes / 4) return false; // even 4 octets per code unit fits
  const start = countFrom(url, base);
  const chars = url.length - start;
  if (chars > maxBytes) return true; // at least one octet per code unit
  return octets(url, start) > maxBytes;
}
