/**
 * An answer's body as decoders read it: text or bytes (UTF-8) holding JSON or XML (a document
 * starts with `<`, which no JSON text does), an already parsed JSON value, or nothing. Bounded:
 * bodies above {@link MAX_DECODED_BODY_BYTES} are not parsed. Never throws.
 *
 * @module
 */
import { parseXml } from '../xml';

/**
 * Largest body `decodeError` parses (vendors' error bodies are a few hundred bytes).
 *
 * @example
 * readBody('x'.repeat(MAX_DECODED_BODY_BYTES + 1)).state // 'invalid'
 */
export const MAX_DECODED_BODY_BYTES = 1024 * 1024;

/** What a body turned out to be. */
export type BodyReading =
  | { readonly state: 'empty' }
  | { readonly state: 'json'; readonly value: unknown; readonly text: string | undefined }
  /** An XML document: its root element, namespace and content (every leaf a string; see src/core/xml.ts). */
  | { readonly state: 'xml'; readonly value: unknown; readonly text: string; readonly root: string; readonly namespace: string | undefined }
  | { readonly state: 'invalid'; readonly reason: string; readonly text: string | undefined };

const EMPTY: BodyReading = Object.freeze({ state: 'empty' });

function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

function sampleOf(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function parseText(text: string): BodyReading {
  const trimmed = text.trim();
  if (trimmed.length === 0) return EMPTY;
  if (trimmed.startsWith('<')) {
    const parsed = parseXml(trimmed);
    if (typeof parsed === 'string') return { state: 'invalid', reason: `body is not JSON or well-formed XML (${JSON.stringify(sampleOf(text))}; ${parsed})`, text };
    return { state: 'xml', value: parsed.value, text, root: parsed.root, namespace: parsed.namespace };
  }
  try {
    return { state: 'json', value: JSON.parse(text) as unknown, text };
  } catch {
    return { state: 'invalid', reason: `body is not JSON (${JSON.stringify(sampleOf(text))})`, text };
  }
}

/**
 * Reads a body: a string or bytes are parsed as JSON (empty or whitespace-only is empty); a plain
 * object or array is taken as already parsed; `null` and `undefined` are empty.
 *
 * @example
 * readBody('{"error_code":"APIG.0101"}') // { state: 'json', value: { error_code: 'APIG.0101' }, … }
 * readBody('') // { state: 'empty' }
 * readBody('<Error><Code>NoSuchKey</Code></Error>') // { state: 'xml', root: 'Error', value: { Code: 'NoSuchKey' }, … }
 * readBody('<html>') // { state: 'invalid', reason: 'body is not JSON or well-formed XML ("<html>"; …)', … }
 */
export function readBody(body: unknown): BodyReading {
  try {
    if (body === undefined || body === null) return EMPTY;
    if (typeof body === 'string') {
      if (body.length > MAX_DECODED_BODY_BYTES) return { state: 'invalid', reason: `body is larger than ${MAX_DECODED_BODY_BYTES} bytes`, text: undefined };
      return parseText(body);
    }
    if (isBytes(body)) {
      if (body.byteLength === 0) return EMPTY;
      if (body.byteLength > MAX_DECODED_BODY_BYTES) return { state: 'invalid', reason: `body is larger than ${MAX_DECODED_BODY_BYTES} bytes`, text: undefined };
      const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
      return parseText(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
    }
    if (body instanceof ArrayBuffer) return readBody(new Uint8Array(body));
    if (typeof body === 'object') return { state: 'json', value: body, text: undefined };
    return { state: 'invalid', reason: `body is a ${typeof body}, not text, bytes or JSON`, text: undefined };
  } catch (error) {
    return { state: 'invalid', reason: `body could not be read (${(error as Error)?.message ?? 'unknown error'})`, text: undefined };
  }
}
