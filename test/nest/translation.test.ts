/**
 * The adapter's pure translations, with Nest 10's real exception classes (CommonJS, loadable by
 * Jest; Nest 12's are ES modules only and run in test/nest/nest.test.ts) and class-validator's
 * real errors: Nest's `HttpException` in the http-errors protocol, the router's own 404, and
 * class-validator failures as the library's validation failures.
 */
import 'reflect-metadata';
import path from 'node:path';
import { IsInt, IsString, ValidateNested, validate } from 'class-validator';
import { Type, plainToInstance } from 'class-transformer';
import { fromNestException, isNestHttpException, isRouterNotFound } from '../../src/nest/exception';
import { failuresOf, locationOf } from '../../src/nest/validation';
import { nestRoutes } from '../../src/nest/routes';
import { compileValidationAnswer } from '../../src/core/validation/answer';
import { render } from '../../src/core/render';
import { profiles } from '../../src/profiles';

// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any
const common = require(require.resolve('@nestjs/common', { paths: [path.join(__dirname, 'nest10')] })) as any;

describe('fromNestException (Nest 10 classes)', () => {
  it('keeps the status and a string message, and the exception as cause', () => {
    const thrown = new common.NotFoundException('Volume v1 does not exist');
    expect(isNestHttpException(thrown)).toBe(true);
    expect(fromNestException(thrown)).toEqual({ name: 'NotFoundException', status: 404, statusCode: 404, message: 'Volume v1 does not exist', cause: thrown });
  });

  it("reads an object response's message and keeps its other members as details", () => {
    const thrown = new common.HttpException({ message: 'Tenant t1 is read-only', tenant: 't1' }, 403);
    expect(fromNestException(thrown)).toEqual({ name: 'HttpException', status: 403, statusCode: 403, message: 'Tenant t1 is read-only', details: { tenant: 't1' }, cause: thrown });
  });

  it("joins the default ValidationPipe's message array, and gives no message for Nest's class-name default", () => {
    expect((fromNestException(new common.BadRequestException(['name must be a string', 'size must be an integer'])) as { message: string }).message).toBe('name must be a string; size must be an integer');
    expect((fromNestException(new common.HttpException({ code: 7 }, 409)) as { message: string }).message).toBe('');
  });

  it('takes errorCode as the vendor code and err.headers as headers (rendered by VSP as messageId, seed-001)', () => {
    const thrown = Object.assign(new common.ConflictException('Volume exists'), { errorCode: 'KART40051-E', headers: { 'Retry-After': '5' } });
    const translated = fromNestException(thrown);
    expect(translated).toMatchObject({ vendorCode: 'KART40051-E', headers: { 'Retry-After': '5' } });
    const rendered = render(translated, profiles.vsp, { method: 'POST', path: '/v1/volumes' });
    expect(rendered.status).toBe(409);
    expect(JSON.parse(rendered.body as string)).toMatchObject({ messageId: 'KART40051-E', message: 'Volume exists' });
  });

  it('leaves anything else unchanged', () => {
    const error = new Error('x');
    expect(fromNestException(error)).toBe(error);
    expect(fromNestException('a string')).toBe('a string');
    expect(fromNestException({ getStatus: () => 'nope', getResponse: () => 'x' })).toEqual({ getStatus: expect.any(Function), getResponse: expect.any(Function) });
  });
});

describe('isRouterNotFound', () => {
  it("recognises Nest's router 404 for this request only", () => {
    const thrown = new common.NotFoundException('Cannot GET /v1/nope?x=1');
    expect(isRouterNotFound(thrown, 'GET', ['/v1/nope?x=1'])).toBe(true);
    expect(isRouterNotFound(thrown, 'POST', ['/v1/nope?x=1'])).toBe(false);
    expect(isRouterNotFound(thrown, 'GET', ['/v1/other'])).toBe(false);
    expect(isRouterNotFound(new common.NotFoundException('Volume v1 does not exist'), 'GET', ['/v1/volumes/v1'])).toBe(false);
    expect(isRouterNotFound(new common.BadRequestException('Cannot GET /v1/nope'), 'GET', ['/v1/nope'])).toBe(false);
  });
});

class Address {
  city!: string;
}
Reflect.decorate([IsString()], Address.prototype, 'city');
class Volume {
  name!: string;
  size!: number;
  address!: Address;
}
Reflect.decorate([IsString()], Volume.prototype, 'name');
Reflect.decorate([IsInt()], Volume.prototype, 'size');
Reflect.decorate([ValidateNested(), Type(() => Address)], Volume.prototype, 'address');

describe('failuresOf (class-validator errors)', () => {
  it('names members, missing values as `required`, nested members by JSON Pointer (RFC 6901)', async () => {
    const errors = await validate(plainToInstance(Volume, { size: 'x', address: { city: 7 }, extra: 1 }), { whitelist: true, forbidNonWhitelisted: true });
    expect(failuresOf(errors, 'body', 64)).toEqual([
      { location: 'body', keyword: 'additionalProperties', field: 'extra', pointer: '#/extra', reason: 'is not a supported parameter' },
      { location: 'body', keyword: 'required', field: 'name', pointer: '#/name', reason: 'is required' },
      { location: 'body', keyword: 'isInt', field: 'size', pointer: '#/size', reason: 'must be an integer number' },
      { location: 'body', keyword: 'isString', field: 'city', pointer: '#/address/city', reason: 'must be a string' },
    ]);
  });

  it("answers in the profile's words: APIG.2011 names the first field (ref §1.1)", async () => {
    const errors = await validate(plainToInstance(Volume, { name: 'v', size: 1.5, address: { city: 'x' } }));
    const answer = compileValidationAnswer(profiles.apig.document.validation)(failuresOf(errors, 'body', 64));
    expect(answer.message).toBe('Invalid parameter value,parameterName:size. Please refer to the support documentation');
    expect(answer.vendorCode).toBe('APIG.2011');
  });

  it("maps a pipe's argument type to a request location", () => {
    expect([locationOf('body'), locationOf('query'), locationOf('param'), locationOf('custom')]).toEqual(['body', 'query', 'path', 'body']);
  });
});

describe('nestRoutes (controller metadata)', () => {
  it('joins the global prefix, controller and handler paths, adds HEAD for GET and leaves ALL routes out', () => {
    class Jobs {
      list(): void {}
      start(): void {}
      any(): void {}
    }
    common.Controller('v1/jobs')(Jobs);
    for (const [name, decorator] of [['list', common.Get()], ['start', common.Post(':id')], ['any', common.All('any')]] as const) {
      Reflect.decorate([decorator], Jobs.prototype, name, Object.getOwnPropertyDescriptor(Jobs.prototype, name));
    }
    const routes = nestRoutes([{ controllers: new Map([[Jobs, { metatype: Jobs }]]) }], 'api', (method) => common.RequestMethod[method]);
    expect(routes).toEqual(new Map<string, Set<string> | null>([
      ['/api/v1/jobs', new Set(['GET', 'HEAD'])],
      ['/api/v1/jobs/:id', new Set(['POST'])],
      ['/api/v1/jobs/any', null],
    ]));
  });

  it("puts URI versions after the global prefix: the handler's own, the default, none for VERSION_NEUTRAL", () => {
    class Items {
      list(): void {}
      create(): void {}
      health(): void {}
    }
    common.Controller('items')(Items);
    for (const [name, decorators] of [['list', [common.Get()]], ['create', [common.Post(), common.Version(['2', '3'])]], ['health', [common.Get('health'), common.Version(common.VERSION_NEUTRAL)]]] as const) {
      Reflect.decorate([...decorators], Items.prototype, name, Object.getOwnPropertyDescriptor(Items.prototype, name));
    }
    const routes = nestRoutes([{ controllers: new Map([[Items, { metatype: Items }]]) }], '', (method) => common.RequestMethod[method], { type: common.VersioningType.URI, defaultVersion: '1' });
    expect(routes).toEqual(new Map<string, Set<string> | null>([
      ['/v1/items', new Set(['GET', 'HEAD'])],
      ['/v2/items', new Set(['POST'])],
      ['/v3/items', new Set(['POST'])],
      ['/items/health', new Set(['GET', 'HEAD'])],
    ]));
  });
});
