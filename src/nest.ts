/**
 * NestJS adapter (Nest 10 and 12; the Express and Fastify platforms):
 * `VendorCompatModule.forRoot(options)` is the whole setup. It registers
 *
 * - a global exception filter (`APP_FILTER`) catching everything: Nest's `HttpException` family
 *   (status, `getResponse()` message, `errorCode`, `err.headers`, `cause`), the app's `errors`
 *   rules, body parsers' failures, upstream failures, anything else masked as the vendor's 500;
 *   Nest's router 404 (`Cannot GET /x`) becomes the profile's 404, or its 405 with `Allow`
 *   where a route serves the path with other methods; failures of
 *   {@link vendorCompatValidationPipe} become the profile's validation answer;
 * - the request id and preconditions before Nest's middleware and routes (Express middleware,
 *   Fastify `onRequest` hook), and the route table's body validation when `routes` / `openapi`
 *   are given;
 * - the server hooks on the HTTP server Nest creates.
 *
 * Every answer is written by the node writer on Node's response (Fastify's reply is hijacked),
 * and `onError` fires once per failed request. Nest is loaded only by this entry.
 *
 * @module
 */
import { BadRequestException, Catch, Inject, Module, RequestMethod, ValidationPipe, createParamDecorator, type ArgumentMetadata, type ArgumentsHost, type DynamicModule, type ExceptionFilter, type ExecutionContext, type InjectionToken, type ModuleMetadata, type Provider, type ValidationPipeOptions } from '@nestjs/common';
import { APP_FILTER, ApplicationConfig, HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import type { Profile } from './core/define-profile';
import { readProperty } from './core/safe-read';
import { pathOfTarget } from './core/request-target';
import { compileValidationAnswer, type ValidationAnswer } from './core/validation/answer';
import { DEFAULT_MAX_FIELD } from './core/validation/request';
import type { RequestLocation } from './core/validation/failure';
import type { MethodTable } from './fastify/method-table';
import { fastifyErrors } from './fastify/errors';
import { kindAnswer, requestIdOf, resolveAppConfig, sendRenderedError, type AppConfig, type VendorCompatOptions } from './node/app-config';
import { createPreconditionGuard, type PreconditionGuard } from './node/precondition-guard';
import { fromNestException, isRouterNotFound } from './nest/exception';
import { rawRequest, requestUrl, writeTarget } from './nest/http';
import { installRequestStage, installServerHooks, type HttpAdapterLike } from './nest/install';
import { methodGuards, nestRoutes, type NestModuleLike } from './nest/routes';
import { failuresOf, locationOf, type ClassValidatorError } from './nest/validation';
import type { ProfileName } from './profiles';

/**
 * The module's options: the same as every adapter's.
 *
 * @example
 * const options: NestVendorCompatOptions<'vsp'> = { profile: 'vsp', errors: [...upstreamErrors] }
 */
export type NestVendorCompatOptions<P extends ProfileName | Profile = ProfileName | Profile> = VendorCompatOptions<P>;

/**
 * `forRootAsync`: options from a factory, with injected dependencies (a config service).
 *
 * @example
 * const async: VendorCompatAsyncOptions = { inject: [ConfigService], useFactory: (config: ConfigService) => ({ profile: config.get('VENDOR') }) }
 */
export interface VendorCompatAsyncOptions {
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: InjectionToken[];
  readonly useFactory: (...args: never[]) => NestVendorCompatOptions | Promise<NestVendorCompatOptions>;
}

/** The injection token of the module's resolved state (one per app). */
const STATE = 'vendor-compat:nest-state';
/** Where a validation failure keeps class-validator's errors until the filter renders them. */
const HELD: unique symbol = Symbol.for('vendor-compat/nest-validation-errors') as never;

interface HeldErrors {
  readonly errors: readonly ClassValidatorError[];
  location: RequestLocation;
}

/** One app's configuration, guard, validation answer and (after bootstrap) route methods. */
class NestState {
  readonly config: AppConfig;
  readonly guard: PreconditionGuard;
  readonly validation: ValidationAnswer;
  methods: MethodTable<PreconditionGuard> | undefined;

  constructor(options: NestVendorCompatOptions) {
    // Fastify's own errors (body too large, invalid JSON, ...) after the app's rules, as the
    // Fastify plugin adds them; their codes never occur on the Express platform.
    const given = options as { errors?: unknown };
    const errors = given.errors === undefined ? fastifyErrors : Array.isArray(given.errors) ? [...(given.errors as unknown[]), ...fastifyErrors] : given.errors;
    this.config = resolveAppConfig(options === undefined || options === null || typeof options !== 'object' ? options : { ...options, errors });
    this.guard = createPreconditionGuard(this.config);
    this.validation = compileValidationAnswer(this.config.profile.document.validation);
  }
}

/** Answers whatever reached the filter, on either platform. */
function answerException(state: NestState, exception: unknown, request: unknown, response: unknown): void {
  const req = rawRequest(request);
  const res = writeTarget(response);
  const url = requestUrl(request);
  const { config } = state;
  if (isRouterNotFound(exception, req.method, [url, req.url])) {
    const routeGuard = state.methods?.find(pathOfTarget(url));
    if (routeGuard !== undefined && !routeGuard.admit(req, res, url)) return; // the profile's 405 (or its substitute), with Allow
    sendRenderedError(req, res, kindAnswer('notFound'), config, { url, source: 'notFound' });
    return;
  }
  const held = readProperty(exception, HELD) as HeldErrors | undefined;
  const failures = held === undefined ? [] : failuresOf(held.errors, held.location, DEFAULT_MAX_FIELD);
  if (failures.length > 0) {
    sendRenderedError(req, res, state.validation(failures), config, { url, source: 'validation', error: exception });
    return;
  }
  sendRenderedError(req, res, fromNestException(exception), config, { url, error: exception });
}

/** The global filter (`APP_FILTER`): every exception of an HTTP request, on either platform. */
class VendorCompatFilter implements ExceptionFilter {
  constructor(private readonly state: NestState) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception; // microservices and gateways keep their own
    const [request, response] = host.getArgs<[unknown, unknown]>();
    answerException(this.state, exception, request, response);
  }
}
Catch()(VendorCompatFilter);

/**
 * The request id and the profile, for a controller or a service:
 * `constructor(private readonly vc: VendorCompatService) {}`.
 *
 * @example
 * this.vc.requestIdOf(req) // 'acbc548ac6f2a0dbdb9e3518a7c0ff84'
 */
export class VendorCompatService {
  /** The profile every answer is rendered with. */
  readonly profile: Profile;
  readonly #state: NestState;

  constructor(state: NestState) {
    this.#state = state;
    this.profile = state.config.profile;
  }

  /** The id the client sees for this request (Express's `req`, Fastify's `request`, or Node's). */
  requestIdOf(request: unknown): string | undefined {
    return requestIdOf(rawRequest(request));
  }

  /** Renders `error` as a route's throw (error rules, `onError`) and writes it. False when it could not be written. */
  sendError(request: unknown, response: unknown, error: unknown): boolean {
    return sendRenderedError(rawRequest(request), writeTarget(response), fromNestException(error), this.#state.config, { url: requestUrl(request), error }).written;
  }
}

/**
 * A parameter decorator giving the request's id:
 * `get(@RequestId() id: string | undefined) { ... }`.
 *
 * @example
 * class VolumesController { list(@RequestId() id?: string) { log.info({ id }) } }
 */
export const RequestId = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined =>
  requestIdOf(rawRequest(context.switchToHttp().getRequest())));

/**
 * The module: import it once, in the root module.
 *
 * @example
 * \@Module({ imports: [VendorCompatModule.forRoot({ profile: 'apig' })], controllers: [VolumesController] })
 * class AppModule {}
 */
export class VendorCompatModule {
  constructor(
    private readonly state: NestState,
    private readonly adapterHost: HttpAdapterHost,
    private readonly modules: ModulesContainer,
    private readonly application: ApplicationConfig,
  ) {}

  /** Called by Nest before it registers middleware and routes: the request stage comes first. */
  configure(): void {
    const adapter = this.adapterHost.httpAdapter as unknown as HttpAdapterLike | undefined;
    if (adapter !== undefined) installRequestStage(adapter, this.state.config, this.state.guard);
  }

  /** The server hooks, and the route methods for the unmatched-route answer. */
  onApplicationBootstrap(): void {
    const adapter = this.adapterHost.httpAdapter as unknown as HttpAdapterLike | undefined;
    if (adapter === undefined) return;
    installServerHooks(adapter, this.state.config, this.state.guard);
    const prefix = this.application.getGlobalPrefix();
    const routes = nestRoutes(this.modules.values() as Iterable<NestModuleLike>, prefix, (method) => (RequestMethod as unknown as Record<number, string>)[method]);
    this.state.methods = methodGuards(routes, this.state.guard);
  }

  /**
   * The module with options (the same as every adapter's; a `TypeError` at startup for a bad one).
   *
   * @example
   * VendorCompatModule.forRoot({ profile: 'vsp', preconditions: { requestMediaTypes: ['application/json'] } })
   */
  static forRoot<P extends ProfileName | Profile = 'problem'>(options: NestVendorCompatOptions<P> = {}): DynamicModule {
    const state = new NestState(options as NestVendorCompatOptions);
    return moduleWith({ provide: STATE, useValue: state });
  }

  /**
   * The module with options from a factory (a config service injected).
   *
   * @example
   * VendorCompatModule.forRootAsync({ imports: [ConfigModule], inject: [ConfigService], useFactory: (config: ConfigService) => ({ profile: config.get('VENDOR') }) })
   */
  static forRootAsync(options: VendorCompatAsyncOptions): DynamicModule {
    const factory = async (...args: never[]): Promise<NestState> => new NestState(await options.useFactory(...args));
    return moduleWith({ provide: STATE, useFactory: factory, inject: options.inject ?? [] }, options.imports);
  }
}
Module({})(VendorCompatModule);
for (const [index, token] of [STATE, HttpAdapterHost, ModulesContainer, ApplicationConfig].entries()) Inject(token)(VendorCompatModule, undefined as never, index);

function moduleWith(state: Provider, imports: ModuleMetadata['imports'] = []): DynamicModule {
  return {
    module: VendorCompatModule,
    global: true,
    imports,
    providers: [
      state,
      { provide: APP_FILTER, useFactory: (value: NestState) => new VendorCompatFilter(value), inject: [STATE] },
      { provide: VendorCompatService, useFactory: (value: NestState) => new VendorCompatService(value), inject: [STATE] },
    ],
    exports: [VendorCompatService],
  };
}

/**
 * An `exceptionFactory` for Nest's `ValidationPipe`: a `BadRequestException` (Nest's own answer
 * without the module) that the module's filter answers with the profile's validation answer,
 * naming the failing field (body failures; use {@link vendorCompatValidationPipe} for query and
 * path parameters to be named as such).
 *
 * @example
 * app.useGlobalPipes(new ValidationPipe({ whitelist: true, exceptionFactory: vendorCompatExceptionFactory }))
 */
export function vendorCompatExceptionFactory(errors: ClassValidatorError[]): BadRequestException {
  const messages = failuresOf(errors, 'body', DEFAULT_MAX_FIELD).map((failure) => `${failure.field} ${failure.reason}`);
  const exception = new BadRequestException(messages);
  Object.defineProperty(exception, HELD, { value: { errors, location: 'body' } satisfies HeldErrors, enumerable: false });
  return exception;
}

/** Nest's `ValidationPipe`, answering in the profile's words (query and path failures named as such). */
class VendorCompatValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      const held = readProperty(error, HELD) as HeldErrors | undefined;
      if (held !== undefined) held.location = locationOf(metadata.type);
      throw error;
    }
  }
}

/**
 * Nest's `ValidationPipe` (any of its options) whose failures get the profile's validation
 * answer: APIG.2011 naming the parameter, VSP's KART40038-E for a property the whitelist forbids,
 * RFC 9457 `errors` with JSON Pointers.
 *
 * @example
 * app.useGlobalPipes(vendorCompatValidationPipe({ whitelist: true, forbidNonWhitelisted: true }))
 */
export function vendorCompatValidationPipe(options: Omit<ValidationPipeOptions, 'exceptionFactory'> = {}): ValidationPipe {
  return new VendorCompatValidationPipe({ ...options, exceptionFactory: vendorCompatExceptionFactory as ValidationPipeOptions['exceptionFactory'] });
}

export type { VendorCompatOptions, ErrorEvent, ErrorSource, OnError } from './node/app-config';
export type { Profile };
