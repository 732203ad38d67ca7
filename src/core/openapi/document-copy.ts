/**
 * The `openapi` option, read once: when the middleware is built, the library takes one private
 * copy of the document, its schemas translated to the dialect ajv reads (./schema-dialect), and
 * never reads the caller's object again. Later changes to the caller's document (a schema edited,
 * an operation added) change nothing, as for every other option (../snapshot); one copy instead
 * of a frozen copy of the options and then a translated copy of that (a 3 MB document costs
 * about 70 ms a copy).
 *
 * @module
 */
import { translatedCopy } from './schema-dialect';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The library's own copy of an OpenAPI document, kept by reference by the options snapshot (a
 * class instance, not plain data).
 *
 * @example
 * const copy = documentCopyOf(document)
 * copy.version // '3.1'
 */
export class OpenapiDocumentCopy {
  /** Made by `documentCopyOf` only. */
  constructor(
    /** `3.0` or `3.1`: the dialect its schemas were written in. */
    readonly version: '3.0' | '3.1',
    /** The copy, schemas translated; nothing outside the library holds it. */
    readonly document: Json,
    /** Every `#/…` JSON Pointer its schemas `$ref` (outside `$id`'d schemas). */
    readonly pointerRefs: ReadonlySet<string>,
  ) {
    Object.freeze(this);
  }
}

/** `3.0` or `3.1` from the document's `openapi` member, or undefined. */
function versionOf(document: Json): '3.0' | '3.1' | undefined {
  const minor = typeof document.openapi === 'string' ? /^3\.(0|1)\.\d+/.exec(document.openapi)?.[1] : undefined;
  return minor === undefined ? undefined : minor === '1' ? '3.1' : '3.0';
}

/**
 * The document's private, translated copy (given a copy, the same copy). Throws a `TypeError`
 * for anything but an OpenAPI 3.0 or 3.1 document made of JSON data.
 *
 * @example
 * documentCopyOf({ openapi: '3.1.0', paths: {} }).document // { openapi: '3.1.0', paths: {} }, a copy
 */
export function documentCopyOf(input: unknown): OpenapiDocumentCopy {
  if (input instanceof OpenapiDocumentCopy) return input;
  if (!isObject(input)) throw new TypeError('vendor-compat: option "openapi" must be an OpenAPI 3.0 or 3.1 document (an object)');
  const version = versionOf(input);
  if (version === undefined) {
    const found = typeof input.swagger === 'string' ? `Swagger ${input.swagger}` : JSON.stringify(input.openapi);
    throw new TypeError(`vendor-compat: option "openapi": only OpenAPI 3.0.x and 3.1.x documents are supported, got ${found}`);
  }
  try {
    const pointerRefs = new Set<string>();
    return new OpenapiDocumentCopy(version, translatedCopy(input, version, pointerRefs), pointerRefs);
  } catch (error) {
    throw new TypeError(`vendor-compat: option "openapi" must be plain JSON data (${(error as Error).message})`);
  }
}

/**
 * What the options snapshot keeps for `openapi`: the document's copy, or, for a value that is not
 * an OpenAPI 3.0/3.1 document, the value itself (refused with its message when the route table is
 * built, as before).
 *
 * @example
 * snapshotOpenapi(document) instanceof OpenapiDocumentCopy // true
 */
export function snapshotOpenapi(value: unknown): unknown {
  if (!isObject(value) || versionOf(value) === undefined) return value;
  return documentCopyOf(value);
}
