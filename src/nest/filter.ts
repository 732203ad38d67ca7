/**
 * The module's global exception filter (`APP_FILTER`) and the state it answers with: the app's
 * configuration, guard, validation answer and, after bootstrap, the methods of Nest's routes.
 * Everything an HTTP request throws, on either platform, is answered through the same rules as
 * every adapter, by the one writer.
 *
 * @module
 */
import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { readProperty } from '../core/safe-read';
import { pathOfTarget } from '../core/request-target';
import { compileValidationAnswer, type ValidationAnswer } from '../core/validation/answer';
import { DEFAULT_MAX_FIELD } from '../core/validation/request';
import type { MethodTable } from '../fastify/method-table';
import { fastifyErrors } from '../fastify/errors';
import { kindAnswer, resolveAppConfig, sendRenderedError, type AppConfig, type VendorCompatOptions } from '../node/app-config';
import { createPreconditionGuard, type PreconditionGuard } from '../node/precondition-guard';
import { fromNestException, isRouterNotFound } from './exception';
import { rawRequest, requestUrl, writeTarget } from './http';
import { HELD, type HeldErrors } from './pipe';
import { failuresOf } from './validation';

/**
 * One app's configuration, guard, validation answer and (after bootstrap) route methods.
 *
 * @example
 * const state = new NestState({ profile: 'apig' }) // state.config.profile.name === 'apig'
 */
export class NestState {
  readonly config: AppConfig;
  readonly guard: PreconditionGuard;
  readonly validation: ValidationAnswer;
  methods: MethodTable<PreconditionGuard> | undefined;

  constructor(options: VendorCompatOptions) {
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

/**
 * The global filter (`APP_FILTER`): every exception of an HTTP request, on either platform.
 *
 * @example
 * { provide: APP_FILTER, useFactory: (state: NestState) => new VendorCompatFilter(state), inject: [STATE] }
 */
export class VendorCompatFilter implements ExceptionFilter {
  constructor(private readonly state: NestState) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception; // microservices and gateways keep their own
    const [request, response] = host.getArgs<[unknown, unknown]>();
    answerException(this.state, exception, request, response);
  }
}
Catch()(VendorCompatFilter);
