/**
 * UTF-8 byte length without `Buffer`, so the renderer runs in any Fetch-API runtime
 * (Content-Length counts octets, RFC 9110 §8.6).
 *
 * @module
 */

/**
 * The number of bytes `text` takes in UTF-8 (a lone surrogate counts 3, as U+FFFD, which is how
 * `TextEncoder` and `Buffer.byteLength` encode it).
 *
 * @example
 * utf8ByteLength('Größe') // 7
 */
export function utf8ByteLength(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: 2 code units, 4 bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}
