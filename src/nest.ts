/**
 * NestJS adapter (Nest 10, 11 and 12; the Express and Fastify platforms):
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
import { Inject, Module, RequestMethod, createParamDecorator, type DynamicModule, type ExecutionContext, type InjectionToken, type ModuleMetadata, type Provider } from '@nestjs/common';
import { APP_FILTER, ApplicationConfig, HttpAdapterHost, ModulesContainer, Reflector } from '@nestjs/core';
import type { Profile } from './core/define-profile';
import type { SendErrorOptions } from './core/render';
import { requestIdOf, sendRenderedError, type VendorCompatOptions } from './node/app-config';
import { fromNestException } from './nest/exception';
import { NestState, VendorCompatFilter } from './nest/filter';
import { rawRequest, requestUrl, writeTarget } from './nest/http';
import { installRequestStage, installServerHooks, type HttpAdapterLike } from './nest/install';
import { methodGuards, nestRoutes, type NestModuleLike, type NestVersioning } from './nest/routes';
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

  /** @internal Built by the module (inject `VendorCompatService`). */
  constructor(state: NestState) {
    this.#state = state;
    this.profile = state.config.profile;
  }

  /** The id the client sees for this request (Express's `req`, Fastify's `request`, or Node's). */
  requestIdOf(request: unknown): string | undefined {
    return requestIdOf(rawRequest(request));
  }

  /**
   * Renders `error` as a route's throw (error rules, `onError`) and writes it; `{ embedInOk: true }`
   * answers it inside a `200 OK` where the profile does (as every adapter's `sendError`). False when
   * it could not be written.
   */
  sendError(request: unknown, response: unknown, error: unknown, options?: SendErrorOptions): boolean {
    return sendRenderedError(rawRequest(request), writeTarget(response), fromNestException(error), this.#state.config, {
      url: requestUrl(request),
      error,
      embedInOk: options?.embedInOk === true,
    }).written;
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
  /** @internal Built by Nest. */
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
    const versioning = this.application.getVersioning() as NestVersioning | undefined;
    // Nest's own Reflector reads the metadata its decorators wrote (the `Reflect` of Nest's realm).
    const reflector = new Reflector();
    const read = (key: string, target: object): unknown => reflector.get(key, target as never);
    const routes = nestRoutes(this.modules.values() as Iterable<NestModuleLike>, prefix, (method) => (RequestMethod as unknown as Record<number, string>)[method], versioning, read);
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

export { vendorCompatExceptionFactory, vendorCompatValidationPipe } from './nest/pipe';
export type { ClassValidatorError } from './nest/validation';
export type { VendorCompatOptions, ErrorEvent, ErrorSource, OnError } from './node/app-config';
export type { Profile };
