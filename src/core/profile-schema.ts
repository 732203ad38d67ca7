/**
 * The JSON Schema every profile document is validated against (ajv, compiled once).
 *
 * Modelled on fastify's `build/build-validation.js`: `additionalProperties: false` everywhere, so a
 * typo is an error rather than a silently ignored setting.
 *
 * @module
 */
import { KIND_NAMES } from './kinds';

const status = { type: 'integer', minimum: 100, maximum: 599 } as const;
const sourceIds = { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 } as const;
const headerMap = {
  type: 'object',
  propertyNames: { pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
  additionalProperties: { type: 'string' },
} as const;
const methodList = { type: 'array', items: { type: 'string', pattern: '^[A-Z]+$' }, minItems: 1 } as const;
const mediaTypeList = {
  type: ['array', 'null'],
  items: { type: 'string', pattern: '^[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+*-]+$' },
} as const;

const xmlName = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9._-]{0,63}$' } as const;
const xmlSettings = {
  type: 'object',
  required: ['root'],
  additionalProperties: false,
  properties: {
    root: xmlName,
    declaration: { type: 'string', pattern: '^<\\?xml [\\x20-\\x7e]*\\?>\\s*$' },
    namespace: { type: 'string', pattern: '^[\\x21-\\x7e]+$' },
    arrayItem: xmlName,
  },
} as const;
const contentType = { type: 'string', pattern: '^[\\x20-\\x7e]+$' } as const;

const kindEntryProperties = {
  status,
  code: { type: 'string', pattern: '^[\\x21-\\x7e]{1,64}$' },
  message: { type: 'string', minLength: 1 },
  title: { type: 'string', minLength: 1 },
  fields: { type: 'object' },
  headers: headerMap,
  body: {},
  sources: sourceIds,
  note: { type: 'string' },
} as const;

const kindEntry = {
  type: 'object',
  required: ['status', 'message', 'sources'],
  additionalProperties: false,
  properties: kindEntryProperties,
} as const;

const partialKindEntry = { type: 'object', additionalProperties: false, properties: kindEntryProperties } as const;

/** A validation message template: text with only the validation placeholders. */
const validationTemplate = {
  type: 'string',
  minLength: 1,
  maxLength: 1024,
  pattern: '^(?:[^{]|\\{(?!\\{)|\\{\\{(?:field|reason|location|pointer|keyword|parameter|in)\\}\\})*$',
} as const;
const validationLocations = { type: 'array', minItems: 1, items: { enum: ['path', 'query', 'header', 'body'] } } as const;

const validationRule = {
  type: 'object',
  required: ['sources'],
  additionalProperties: false,
  properties: {
    keywords: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[A-Za-z$][A-Za-z0-9$_-]*$' } },
    locations: validationLocations,
    code: kindEntryProperties.code,
    message: validationTemplate,
    fields: { type: 'object' },
    sources: sourceIds,
    note: { type: 'string' },
  },
} as const;

/** The profile's `validation` section (see `ValidationSettings` in profile-types.ts). */
const validationSection = {
  type: 'object',
  required: ['kind', 'message', 'sources'],
  additionalProperties: false,
  properties: {
    kind: { enum: [...KIND_NAMES] },
    code: kindEntryProperties.code,
    message: validationTemplate,
    fields: { type: 'object' },
    rules: { type: 'array', items: { $ref: '#/$defs/validationRule' } },
    maxFieldLength: { type: 'integer', minimum: 8, maximum: 1024 },
    maxMessageLength: { type: 'integer', minimum: 32, maximum: 4096 },
    list: {
      type: 'object',
      required: ['field', 'item'],
      additionalProperties: false,
      properties: {
        field: { type: 'string', pattern: '^[A-Za-z0-9_-]+$' },
        item: { type: 'object', minProperties: 1, additionalProperties: validationTemplate },
        max: { type: 'integer', minimum: 1, maximum: 100 },
      },
    },
    sources: sourceIds,
    note: { type: 'string' },
  },
} as const;

/**
 * The profile document schema.
 *
 * @example
 * new Ajv({ allErrors: true }).compile(PROFILE_SCHEMA)(document)
 */
export const PROFILE_SCHEMA = {
  type: 'object',
  required: ['name', 'title', 'statuses', 'sources', 'kinds', 'body', 'bodySchema', 'preconditions'],
  additionalProperties: false,
  // One definition per entry shape, referenced 25 times each: ajv compiles each definition once
  // instead of inlining 50 copies (defining the first profile took about 0.7 s of CPU before).
  $defs: { kindEntry, partialKindEntry, validationRule, xmlSettings },
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' },
    title: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    statuses: { type: 'array', items: status, minItems: 1, uniqueItems: true },
    sources: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'title'],
        additionalProperties: false,
        properties: { id: { type: 'string', minLength: 1 }, title: { type: 'string', minLength: 1 }, url: { type: 'string' } },
      },
    },
    reasonPhrases: {
      type: 'object',
      propertyNames: { pattern: '^[1-5][0-9][0-9]$' },
      additionalProperties: { type: 'string', pattern: '^[\\t\\x20-\\x7e]+$' },
    },
    kinds: {
      type: 'object',
      required: [...KIND_NAMES],
      additionalProperties: false,
      properties: Object.fromEntries(KIND_NAMES.map((name) => [name, { $ref: '#/$defs/kindEntry' }])),
    },
    methodRules: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kinds', 'sources'],
        additionalProperties: false,
        properties: {
          methods: methodList,
          exceptMethods: methodList,
          kinds: {
            type: 'object',
            additionalProperties: false,
            properties: Object.fromEntries(KIND_NAMES.map((name) => [name, { $ref: '#/$defs/partialKindEntry' }])),
          },
          sources: sourceIds,
          note: { type: 'string' },
        },
        oneOf: [{ required: ['methods'] }, { required: ['exceptMethods'] }],
      },
    },
    headers: headerMap,
    removeHeaders: { type: 'array', items: { type: 'string', pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" } },
    body: {
      type: 'object',
      required: ['template'],
      additionalProperties: false,
      properties: {
        contentType,
        template: {},
        xml: { $ref: '#/$defs/xmlSettings' },
        alternates: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['contentType'],
            additionalProperties: false,
            properties: { contentType, xml: { $ref: '#/$defs/xmlSettings' }, sources: sourceIds, note: { type: 'string' } },
          },
        },
      },
    },
    codes: {
      type: 'object',
      propertyNames: { pattern: '^[\\x21-\\x7e]{1,64}$' },
      additionalProperties: {
        type: 'object',
        required: ['kind', 'status', 'message', 'sources'],
        additionalProperties: false,
        properties: {
          kind: { enum: [...KIND_NAMES] },
          status,
          message: { type: 'string', minLength: 1 },
          headers: headerMap,
          fields: { type: 'object' },
          sources: sourceIds,
          note: { type: 'string' },
        },
      },
    },
    bodySchema: { type: 'object' },
    fields: { type: 'object' },
    vars: { type: 'object', additionalProperties: { type: 'string' } },
    requestId: {
      type: 'object',
      required: ['header', 'onSuccess'],
      additionalProperties: false,
      properties: {
        header: { type: 'string', pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
        onSuccess: { type: 'boolean' },
        hexDigits: { type: 'integer', minimum: 8, maximum: 64 },
        uppercase: { type: 'boolean' },
      },
    },
    headerValueMaxLength: { type: 'integer', minimum: 16, maximum: 8192 },
    preconditions: {
      type: 'object',
      required: ['maxUriBytes', 'requestMediaTypes', 'contentTypeRequiredWithBody', 'responseMediaTypes', 'requireContentLength', 'maxBodyBytes', 'expectations'],
      additionalProperties: false,
      properties: {
        maxUriBytes: { type: ['integer', 'null'], minimum: 1 },
        uriBase: { type: 'string', pattern: '^/' },
        requestMediaTypes: mediaTypeList,
        contentTypeRequiredWithBody: { type: 'boolean' },
        responseMediaTypes: mediaTypeList,
        requireContentLength: { type: 'boolean' },
        maxBodyBytes: { type: ['integer', 'null'], minimum: 0 },
        expectations: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9-]+$' } },
      },
    },
    validation: validationSection,
  },
} as const;
