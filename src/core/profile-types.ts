/**
 * The shape of a profile document: everything vendor-specific, as JSON data.
 *
 * @module
 */
import type { KindName } from './kinds';
import type { XmlBodySettings } from './xml';

export type { XmlBodySettings } from './xml';

/** A reference a profile's data is taken from. */
export interface ProfileSource {
  /** Short id that kind entries and tests cite, e.g. `'seed'`, `'S2'`, `'apig-errors'`. */
  readonly id: string;
  readonly title: string;
  /**
   * Where to read it: an http(s) address, or (for the built-in profiles) a file of the repository
   * with an anchor, such as `docs/sources/hcp.md#seed-000`, that keeps the passage in our words.
   */
  readonly url?: string;
}

/** How the vendor answers one canonical kind. */
export interface KindEntry {
  /** The status the vendor answers with; must be one of the profile's `statuses`. */
  readonly status: number;
  /** The vendor's error code (`APIG.0101`, `KART20008-E`, `MPC.10202`), if it has codes. */
  readonly code?: string;
  /** The vendor's default message, used when the thrown error exposes none. */
  readonly message: string;
  /** Overrides the `title` placeholder (default: the status's reason phrase). */
  readonly title?: string;
  /** Default vendor body fields (`fields.*` placeholders); thrown `details` override them. */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** Extra header templates for this kind (`WWW-Authenticate`, `Retry-After`, ...). */
  readonly headers?: Readonly<Record<string, string>>;
  /** A body template that replaces the profile's for this kind. */
  readonly body?: unknown;
  /** Source ids (from `sources`) this entry is taken from. */
  readonly sources: readonly string[];
  /** Why this entry is what it is, when the sources leave a choice. */
  readonly note?: string;
}

/** Per-method overrides: HCP answers HEAD not-found with 302, VSP hides forbidden reads as 404. */
export interface MethodRule {
  /** The methods this rule applies to (upper case). */
  readonly methods?: readonly string[];
  /** Or: every method except these. */
  readonly exceptMethods?: readonly string[];
  /** Partial kind entries merged over the profile's for matching methods. */
  readonly kinds: Readonly<Partial<Record<KindName, Partial<KindEntry>>>>;
  readonly sources: readonly string[];
  readonly note?: string;
}

/** Request precondition defaults (the preconditions middleware and server hooks read these). */
export interface PreconditionSettings {
  /** 414 above this many bytes of request-target (after `uriBase`); null disables. */
  readonly maxUriBytes: number | null;
  /** A path prefix not counted toward `maxUriBytes` (HCP counts only what follows `/mapi`). */
  readonly uriBase?: string;
  /** Media types a request body may have; null accepts any. Parameters are ignored. */
  readonly requestMediaTypes: readonly string[] | null;
  /** A request with a body but no Content-Type is rejected as `unsupportedMediaType`. */
  readonly contentTypeRequiredWithBody: boolean;
  /** Media types the API produces, negotiated against Accept; null skips the check. */
  readonly responseMediaTypes: readonly string[] | null;
  /** A body without Content-Length (chunked) is rejected as `lengthRequired`. */
  readonly requireContentLength: boolean;
  /** 413 above this many body bytes; null disables. */
  readonly maxBodyBytes: number | null;
  /** Expectations the server meets (`100-continue`); any other is `expectationFailed`. */
  readonly expectations: readonly string[];
}

/** Where the vendor puts a per-request id, and what a generated one looks like. */
export interface RequestIdSettings {
  /** Response header carrying the id, e.g. `X-Request-Id`. */
  readonly header: string;
  /** Also set it on successful responses (APIG: "Returned for all valid requests"). */
  readonly onSuccess: boolean;
  /** Hex digits in a generated id (8–64, default 32; S3's `x-amz-request-id` has 16). */
  readonly hexDigits?: number;
  /** Generated ids in upper case (S3: `4442587FB7D0A2F9`); default lower case. */
  readonly uppercase?: boolean;
}

/**
 * One row of a vendor's error-code table, for vendors with more codes than canonical kinds (S3:
 * `NoSuchKey` and `NoSuchBucket` are both 404, `InvalidRange` is 416). A thrown error whose
 * `vendorCode` is a row of the table is answered with the row's status, default message, headers
 * and fields.
 */
export interface CodeEntry {
  /** The canonical kind the code belongs to (what `decodeError` and reports call it). */
  readonly kind: KindName;
  /** The status the vendor answers this code with; must be one of the profile's `statuses`. */
  readonly status: number;
  /** The vendor's text for the code, used when the thrown error exposes no message. */
  readonly message: string;
  /** Extra header templates for this code (over the kind's). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Default body fields for this code (over the kind's). */
  readonly fields?: Readonly<Record<string, unknown>>;
  readonly sources: readonly string[];
  readonly note?: string;
}

/** One more format the error body can be sent in, chosen by the request's Accept. */
export interface BodyFormat {
  /** The Content-Type of this format, e.g. `application/problem+xml`. */
  readonly contentType: string;
  /** Write the template as XML with these settings; absent: JSON. */
  readonly xml?: XmlBodySettings;
  /** Source ids (from `sources`) this format is taken from. */
  readonly sources?: readonly string[];
  readonly note?: string;
}

/**
 * One wording rule for request validation failures: the failures it answers (by ajv keyword
 * and request part), and the vendor's code, message and body fields for them.
 */
export interface ValidationRule {
  /** ajv keywords this rule answers (`required`, `additionalProperties`, `type`, `format`, ...); absent: any. */
  readonly keywords?: readonly string[];
  /** Request parts this rule answers (`path`, `query`, `header`, `body`); absent: any. */
  readonly locations?: readonly ('path' | 'query' | 'header' | 'body')[];
  /** The vendor code, e.g. `KART40038-E`; absent: the section's code. */
  readonly code?: string;
  /** Message template: `{{field}}`, `{{reason}}`, `{{location}}`, `{{pointer}}`, `{{keyword}}`. */
  readonly message?: string;
  /** Body fields (`fields.*`), e.g. VSP's `solution` for this failure. */
  readonly fields?: Readonly<Record<string, unknown>>;
  readonly sources: readonly string[];
  readonly note?: string;
}

/**
 * How the vendor answers a request whose path parameters, query, headers or body fail the
 * route's schema: one canonical kind, the vendor's code and a message naming the failing field,
 * refined by the first matching rule; optionally every failure listed in a body member
 * (RFC 9457 §3's extension member of `{ detail, pointer }` items).
 */
export interface ValidationSettings {
  /** The kind rendered (its status, headers and body), usually `badRequest`. */
  readonly kind: KindName;
  /** The vendor code; absent: the kind's own. */
  readonly code?: string;
  /** Default message template (see {@link ValidationRule.message}). */
  readonly message: string;
  /** Body fields for every validation failure (`fields.*`). */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** Rules tried in order; the first that matches the first failure refines the answer. */
  readonly rules?: readonly ValidationRule[];
  /** Cap on the field name shown (default 64 characters). */
  readonly maxFieldLength?: number;
  /** Cap on the rendered message (default 256 characters). */
  readonly maxMessageLength?: number;
  /** List every failure in `fields.<field>` as items built from `item`'s templates (at most `max`, default 20). */
  readonly list?: { readonly field: string; readonly item: Readonly<Record<string, string>>; readonly max?: number };
  readonly sources: readonly string[];
  readonly note?: string;
}

/** A complete profile document. */
export interface ProfileDocument {
  readonly name: string;
  readonly title: string;
  readonly description?: string;
  /** Every status the vendor documents (success and error), ascending. */
  readonly statuses: readonly number[];
  readonly sources: readonly ProfileSource[];
  /** Reason phrases that differ from RFC 9110 (HCP: `414 Request URI Too Large`). */
  readonly reasonPhrases?: Readonly<Record<string, string>>;
  readonly kinds: Readonly<Record<KindName, KindEntry>>;
  readonly methodRules?: readonly MethodRule[];
  /** Header templates on every error response. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Headers the route may have set that the vendor never sends on errors (HCP: Cache-Control). */
  readonly removeHeaders?: readonly string[];
  /**
   * The error body: a template (null for an empty body), written as JSON, or as XML when `xml` is
   * given; `alternates` are further formats of the same template that a request's Accept can
   * choose (RFC 9457 Appendix B's `application/problem+xml`).
   */
  readonly body: {
    readonly contentType?: string;
    readonly template: unknown;
    readonly xml?: XmlBodySettings;
    readonly alternates?: readonly BodyFormat[];
  };
  /** The vendor's error-code table, keyed by code (see {@link CodeEntry}). */
  readonly codes?: Readonly<Record<string, CodeEntry>>;
  /**
   * A JSON Schema every rendered error body validates against: the parsed JSON, or for an XML
   * body the root element's content with every leaf a string; null when empty.
   */
  readonly bodySchema: Readonly<Record<string, unknown>>;
  /** Profile-wide default `fields.*` values. */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** Profile-wide `vars.*` values, overridable per app (`Retry-After` seconds, software version). */
  readonly vars?: Readonly<Record<string, string>>;
  readonly requestId?: RequestIdSettings;
  /** Cap on generated header values (default 1024). */
  readonly headerValueMaxLength?: number;
  readonly preconditions: PreconditionSettings;
  /** How a request failing its route's schema is answered (absent: the kind `badRequest` with the failure's reason). */
  readonly validation?: ValidationSettings;
}
