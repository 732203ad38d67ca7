/**
 * The public surface, pinned: every name (values and types) each entry point exports, read from
 * the sources by the TypeScript checker. Growth is deliberate: a new export fails this test until
 * it is added here (and documented, docs/vocabulary.md for the adapters).
 */
import path from 'node:path';
import ts from 'typescript';
import packageJson from '../../package.json';

const ROOT = path.resolve(__dirname, '../..');

const PINNED: Readonly<Record<string, { readonly file: string; readonly names: readonly string[] }>> = {
  'vendor-compat': {
    file: 'src/index.ts',
    names: [
      'AddErrorResponsesOptions', 'AnswerRecord', 'BodyFormat', 'BuiltInProfileVars', 'CodeEntry', 'DecodedError',
      'DefineProfileOptions', 'ErrorAnswer', 'ErrorEvent', 'ErrorFactory', 'ErrorFromResponseOptions',
      'ErrorRule', 'ErrorSource', 'FaultOptions', 'FaultRule', 'FormatDefinitions', 'KINDS', 'KIND_NAMES',
      'KindEntry', 'KindMatch', 'KindName', 'MethodRule', 'OnError', 'OpenapiErrorComponents',
      'OpenapiErrorsOptions', 'OpenapiReport', 'OpenapiReportItem', 'OpenapiResponse', 'OpenapiRoutes',
      'PreconditionOverrides', 'PreconditionSettings', 'Profile', 'ProfileDocument', 'ProfileName',
      'ProfileProblem', 'ProfileSource', 'ProfileValidationError', 'RenderOptions', 'RenderedError',
      'RequestIdOptions', 'RequestIdSettings', 'RequestLocation', 'RequestValidationError', 'RequestView',
      'RouteSchemas', 'RouteSettings', 'RouteTableOptions', 'SendErrorOptions', 'StreamedMessage', 'StreamedResponse',
      'UpstreamAnswerInfo', 'UpstreamError', 'ValidationFailure', 'ValidationRule', 'ValidationSettings',
      'VarsFor', 'VendorCompatError', 'VendorCompatOptions', 'VendorErrorProps', 'XmlBodySettings', 'addErrorResponses',
      'authenticationRequired', 'badGateway', 'badRequest', 'conflict', 'createVendorError', 'decodeError',
      'defineProfile', 'errorFromResponse', 'expectationFailed', 'forbidden', 'formatOpenapiReport',
      'gatewayTimeout', 'gone', 'headersTooLarge', 'internalServerError', 'isVendorCompatError',
      'lengthRequired', 'methodNotAllowed', 'notAcceptable', 'notFound', 'notImplemented', 'openapiErrors',
      'openapiReport', 'payloadTooLarge', 'preconditionFailed', 'profiles', 'proxyAuthenticationRequired',
      'render', 'requestTimeout', 'routesFromOpenapi', 'serviceUnavailable', 'tooManyRequests',
      'unauthorized', 'unprocessableEntity', 'unsupportedMediaType', 'upstreamErrors', 'uriTooLong',
    ],
  },
  'vendor-compat/express': {
    file: 'src/express.ts',
    names: [
      'AsyncRequestHandler', 'ErrorEvent', 'ErrorSource', 'ExpressVendorCompat', 'ExpressVendorCompatOptions',
      'OnError', 'PreconditionOverrides', 'VendorCompatOptions', 'WrappedRequestHandler', 'asyncHandler',
      'vendorCompat',
    ],
  },
  'vendor-compat/koa': {
    file: 'src/koa.ts',
    names: [
      'ErrorEvent', 'ErrorSource', 'KoaVendorCompat', 'KoaVendorCompatOptions', 'OnError',
      'PreconditionOverrides', 'VendorCompatOptions', 'vendorCompat',
    ],
  },
  'vendor-compat/node': {
    file: 'src/node.ts',
    names: [
      'ErrorEvent', 'ErrorSource', 'NodeVendorCompat', 'NodeVendorCompatOptions', 'OnError',
      'PreconditionOverrides', 'RequestCheck', 'VendorCompatOptions', 'vendorCompat',
    ],
  },
  'vendor-compat/fastify': {
    file: 'src/fastify.ts',
    names: [
      'FastifyVendorCompat', 'FastifyVendorCompatOptions', 'FastifyVendorCompatPlugin',
      'PreconditionOverrides', 'Profile', 'VendorCompatOptions', 'fastifyErrors', 'vendorCompat',
    ],
  },
  'vendor-compat/fetch': {
    file: 'src/fetch.ts',
    names: [
      'ErrorEvent', 'ErrorSource', 'FetchHandler', 'FetchRouteCompat', 'FetchVendorCompat',
      'FetchVendorCompatOptions', 'OnError', 'PreconditionOverrides', 'VendorCompatOptions', 'vendorCompat',
    ],
  },
  'vendor-compat/hono': {
    file: 'src/hono.ts',
    names: [
      'ErrorEvent', 'ErrorSource', 'HonoVendorCompat', 'HonoVendorCompatOptions', 'OnError',
      'PreconditionOverrides', 'VendorCompatOptions', 'vendorCompat',
    ],
  },
  'vendor-compat/testing': {
    file: 'src/testing.ts',
    names: [
      'AnswerView', 'FetchResponseLike', 'MatcherResult', 'VendorErrorExpectation', 'VendorErrorMatchers',
      'VendorErrorVerdict', 'checkVendorError', 'expectVendorError', 'vendorErrorMatchers',
    ],
  },
  'vendor-compat/otel': {
    file: 'src/otel.ts',
    names: [
      'ErrorEvent', 'OnError', 'OtelOnErrorOptions', 'otelOnError',
    ],
  },
  'vendor-compat/nest': {
    file: 'src/nest.ts',
    names: [
      'ClassValidatorError', 'ErrorEvent', 'ErrorSource', 'NestVendorCompatOptions', 'OnError', 'Profile',
      'RequestId', 'VendorCompatAsyncOptions', 'VendorCompatModule', 'VendorCompatOptions',
      'VendorCompatService', 'vendorCompatExceptionFactory', 'vendorCompatValidationPipe',
    ],
  },
};

function exportsOf(files: readonly string[]): Map<string, string[]> {
  const program = ts.createProgram(
    files.map((file) => path.join(ROOT, file)),
    { strict: true, skipLibCheck: true, resolveJsonModule: true, esModuleInterop: true, module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, types: ['node'], noEmit: true },
  );
  const checker = program.getTypeChecker();
  const out = new Map<string, string[]>();
  for (const file of files) {
    const source = program.getSourceFile(path.join(ROOT, file));
    const symbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    out.set(file, symbol === undefined ? [] : checker.getExportsOfModule(symbol).map((s) => s.name).filter((name) => name !== 'default').sort());
  }
  return out;
}

describe('the public surface of every entry point', () => {
  const found = exportsOf(Object.values(PINNED).map((entry) => entry.file));

  it('pins every subpath of the exports map', () => {
    const subpaths = Object.keys(packageJson.exports)
      .filter((key) => key !== './package.json')
      .map((key) => (key === '.' ? packageJson.name : `${packageJson.name}/${key.slice(2)}`));
    expect(Object.keys(PINNED).sort()).toEqual(subpaths.sort());
  });

  it.each(Object.entries(PINNED))('%s exports exactly its pinned names', (_id, entry) => {
    expect(found.get(entry.file)).toEqual([...entry.names].sort());
  });
});
