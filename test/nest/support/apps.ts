/**
 * The Nest apps the tests run, built from whichever Nest major the process loaded (`NestKit`),
 * on the Express or the Fastify platform. The repository compiles without legacy decorators, so
 * Nest's decorators are applied as functions (`Reflect.decorate`), as TypeScript's
 * `experimentalDecorators` output does; `design:paramtypes` is set where `emitDecoratorMetadata`
 * would have set it (the DTO class `ValidationPipe` validates).
 */
import 'reflect-metadata';
import createError from 'http-errors';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { upstreamErrors } from '../../../src/index';
import type { ProfileName } from '../../../src/profiles';
import type { ErrorEvent } from '../../../src/core/app-config';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */

/** The Nest packages of one major. */
export interface NestKit {
  readonly major: number;
  readonly common: any;
  readonly core: any;
  readonly testing: any;
  readonly platformExpress: any;
  readonly platformFastify: any;
}

/** Loads the Nest packages `require` resolves (a module hook decides which major). */
export function loadKit(major: number): NestKit {
  return {
    major,
    common: require('@nestjs/common'),
    core: require('@nestjs/core'),
    testing: require('@nestjs/testing'),
    platformExpress: require('@nestjs/platform-express'),
    platformFastify: require('@nestjs/platform-fastify'),
  };
}

export type Platform = 'express' | 'fastify';

/** What a test asks for: a platform, a profile, and whether the route table / async options are used. */
export interface AppSpec {
  readonly platform: Platform;
  readonly profile: ProfileName;
  /** `forRootAsync` with an injected config provider instead of `forRoot`. */
  readonly async?: boolean;
  /** Declare a route table (`routes`) as well. */
  readonly routes?: boolean;
  /** A global prefix (`app.setGlobalPrefix`). */
  readonly prefix?: string;
  /** URI versioning (`app.enableVersioning`) with this default version. */
  readonly version?: string;
  /** The app's `maxBodyBytes` precondition. */
  readonly maxBodyBytes?: number;
  /** Trust the client's `X-Request-Id`. */
  readonly trustRequestId?: boolean;
}

/** What `onError` saw, as plain data. */
export interface SeenEvent {
  readonly status: number;
  readonly source: string;
  readonly requestId: string | undefined;
  readonly errorName: string | undefined;
}

/** A domain error the app's `errors` rules map. */
export class QuotaExceededError extends Error {
  override readonly name = 'QuotaExceededError';
}

/** The DTO `POST /v1/volumes` validates. */
export class CreateVolumeDto {
  name!: string;
  capacityInGB!: number;
  label?: string;
}
Reflect.decorate([IsString()], CreateVolumeDto.prototype, 'name');
Reflect.decorate([IsInt(), Min(1), Max(1024)], CreateVolumeDto.prototype, 'capacityInGB');
Reflect.decorate([IsOptional(), IsString()], CreateVolumeDto.prototype, 'label');

/** The query DTO `GET /v1/volumes` validates. */
export class ListQueryDto {
  limit?: string;
}
Reflect.decorate([IsOptional(), Matches(/^\d+$/)], ListQueryDto.prototype, 'limit');

function method(target: any, name: string, decorators: any[]): void {
  const descriptor = Object.getOwnPropertyDescriptor(target.prototype, name);
  Object.defineProperty(target.prototype, name, Reflect.decorate(decorators, target.prototype, name, descriptor) as PropertyDescriptor);
}

function param(target: any, name: string, index: number, decorator: any): void {
  decorator(target.prototype, name, index);
}

/** Thrown values any framework's route may throw (the contract comparison throws them everywhere). */
export const NEUTRAL_THROWS = ['domain', 'http-errors', 'upstream', 'boom', 'string'] as const;

/** A value of {@link NEUTRAL_THROWS}, or undefined for a Nest exception's id. */
export function neutralThrown(id: string): unknown {
  switch (id) {
    case 'domain':
      return new QuotaExceededError('Quota of tenant t1 exceeded');
    case 'http-errors':
      return createError(409, 'Name taken', { headers: { 'X-Conflict': 'name' } });
    case 'upstream':
      return new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
    case 'string':
      return 'a thrown string';
    default:
      return new Error('secret database detail');
  }
}

/** The thrown values `GET /v1/volumes/:id` produces, by id. */
function thrownFor(kit: NestKit, id: string): unknown {
  const { common } = kit;
  switch (id) {
    case 'missing':
      return new common.NotFoundException('Volume missing does not exist');
    case 'conflict':
      return new common.ConflictException('Volume conflict exists', { errorCode: 'KART40051-E' });
    case 'object':
      return new common.ForbiddenException({ statusCode: 403, message: 'Tenant t1 may not read volumes', error: 'Forbidden' });
    case 'plain':
      return new common.BadRequestException();
    case 'limited':
      return Object.assign(new common.HttpException('Slow down', 429), { headers: { 'Retry-After': '30' } });
    case 'caused':
      return new common.BadGatewayException('upstream', { cause: new Error('db down') });
    default:
      return neutralThrown(id);
  }
}

function controllers(kit: NestKit): unknown[] {
  const { common } = kit;
  // The Nest request of either platform: the service reads its id.
  class VolumesController {
    constructor(private readonly vc: { requestIdOf(request: unknown): string | undefined; sendError(request: unknown, response: unknown, error: unknown): boolean }) {}
    manual(request: unknown, response: unknown): void {
      // A callback outside Nest's exception zone answers an error itself.
      setImmediate(() => this.vc.sendError(request, response, new common.ConflictException('Manual conflict')));
    }
    list(id: string | undefined, request: unknown, query: ListQueryDto): unknown {
      return { requestId: id, sameId: this.vc.requestIdOf(request) === id, limit: query.limit ?? null };
    }
    create(body: CreateVolumeDto): unknown {
      return { name: body.name, capacityInGB: body.capacityInGB };
    }
    show(id: string): unknown {
      throw thrownFor(kit, id);
    }
  }
  common.Controller('v1/volumes')(VolumesController);
  common.Inject(require('../../../src/nest').VendorCompatService)(VolumesController, undefined, 0);
  const { RequestId } = require('../../../src/nest');
  method(VolumesController, 'list', [common.Get()]);
  param(VolumesController, 'list', 0, RequestId());
  param(VolumesController, 'list', 1, common.Req());
  param(VolumesController, 'list', 2, common.Query());
  Reflect.defineMetadata('design:paramtypes', [String, Object, ListQueryDto], VolumesController.prototype, 'list');
  method(VolumesController, 'create', [common.Post(), common.HttpCode(201)]);
  param(VolumesController, 'create', 0, common.Body());
  Reflect.defineMetadata('design:paramtypes', [CreateVolumeDto], VolumesController.prototype, 'create');
  method(VolumesController, 'manual', [common.Get('manual/send')]);
  param(VolumesController, 'manual', 0, common.Req());
  param(VolumesController, 'manual', 1, common.Res());
  method(VolumesController, 'show', [common.Get(':id')]);
  param(VolumesController, 'show', 0, common.Param('id'));
  Reflect.defineMetadata('design:paramtypes', [String], VolumesController.prototype, 'show');

  // A resource that serves POST only.
  class JobsController {
    start(): unknown {
      return { started: true };
    }
  }
  common.Controller('v1/jobs')(JobsController);
  method(JobsController, 'start', [common.Post(), common.HttpCode(202)]);
  // The route the route table (`routes` option) gives a body schema.
  class RoutedController {
    create(): unknown {
      return { routed: true };
    }
  }
  common.Controller('v1/routed')(RoutedController);
  method(RoutedController, 'create', [common.Post(), common.HttpCode(200)]);
  return [VolumesController, JobsController, RoutedController];
}

/** The options every test app shares (per profile), recording `onError` into `events`. */
export function optionsFor(spec: AppSpec, events: SeenEvent[]): Record<string, unknown> {
  return {
    profile: spec.profile,
    preconditions: { requestMediaTypes: ['application/json'], ...(spec.maxBodyBytes === undefined ? {} : { maxBodyBytes: spec.maxBodyBytes }) },
    errors: [{ instanceOf: QuotaExceededError, kind: 'forbidden' }, ...upstreamErrors],
    ...(spec.trustRequestId === true ? { requestId: { header: 'x-request-id' } } : {}),
    ...(spec.routes === true
      ? { routes: { 'POST /v1/routed': { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } }, additionalProperties: false } } } } }
      : {}),
    onError: (event: ErrorEvent) => {
      const error = event.error as { name?: unknown } | undefined;
      events.push({ status: event.status, source: event.source, requestId: event.requestId, errorName: typeof error?.name === 'string' ? error.name : typeof event.error });
    },
  };
}

/** A started app. */
export interface StartedApp {
  readonly port: number;
  readonly events: SeenEvent[];
  readonly close: () => Promise<void>;
}

/**
 * Builds and starts the app on 127.0.0.1, port 0.
 */
export async function startNestApp(kit: NestKit, spec: AppSpec): Promise<StartedApp> {
  const { common, testing } = kit;
  const { VendorCompatModule, vendorCompatValidationPipe } = require('../../../src/nest');
  const events: SeenEvent[] = [];
  const options = optionsFor(spec, events);
  let vendorModule: unknown;
  if (spec.async === true) {
    const CONFIG = 'TEST_CONFIG';
    class ConfigModule {}
    common.Module({ providers: [{ provide: CONFIG, useValue: options }], exports: [CONFIG] })(ConfigModule);
    vendorModule = VendorCompatModule.forRootAsync({ imports: [ConfigModule], inject: [CONFIG], useFactory: async (config: unknown) => config });
  } else {
    vendorModule = VendorCompatModule.forRoot(options);
  }
  // A Nest middleware that throws: on Fastify its error reaches the filter with Node's own
  // response, not Fastify's reply (middie runs middleware with Node's objects).
  const blocked = (_req: unknown, _res: unknown, next: (err?: unknown) => void): void => next(new common.ForbiddenException('Blocked by middleware'));
  class AppModule {
    configure(consumer: { apply: (fn: unknown) => { forRoutes: (...routes: unknown[]) => unknown } }): void {
      consumer.apply(blocked).forRoutes({ path: 'v1/blocked', method: common.RequestMethod.GET });
    }
  }
  common.Module({ imports: [vendorModule], controllers: controllers(kit) })(AppModule);
  const moduleRef = await testing.Test.createTestingModule({ imports: [AppModule] }).compile();
  const adapter = spec.platform === 'fastify' ? new kit.platformFastify.FastifyAdapter() : new kit.platformExpress.ExpressAdapter();
  const app = moduleRef.createNestApplication(adapter, { logger: false });
  if (spec.prefix !== undefined) app.setGlobalPrefix(spec.prefix);
  if (spec.version !== undefined) app.enableVersioning({ type: common.VersioningType.URI, defaultVersion: spec.version });
  app.useGlobalPipes(vendorCompatValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { port: address.port, events, close: () => app.close() };
}
