/** The plain node:http entry: sendError for handlers, never throwing. */
import http from 'node:http';
import request from 'supertest';
import createError from 'http-errors';
import { sendError } from '../../src/node';

const options = { profile: 'problem' } as const;

describe('sendError(req, res, error, options)', () => {
  it('writes the profile rendering and returns true', async () => {
    let written: boolean | undefined;
    const server = http.createServer((req, res) => {
      written = sendError(req, res, createError(404, 'Tenant t1 does not exist'), options);
    });
    const res = await request(server).get('/mapi/tenants/t1?verbose=true').expect(404);
    expect(written).toBe(true);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(res.text)).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'Tenant t1 does not exist', instance: '/mapi/tenants/t1' });
  });

  it('returns false instead of throwing when the response already ended', async () => {
    let second: boolean | undefined;
    const server = http.createServer((req, res) => {
      res.end('done');
      second = sendError(req, res, new Error('late'), options);
    });
    const res = await request(server).get('/').expect(200);
    expect(res.text).toBe('done');
    expect(second).toBe(false);
  });

  it('throws a TypeError for a bad profile name, before any request', () => {
    const server = http.createServer();
    expect(() => sendError({} as never, {} as never, new Error('x'), { profile: 'nope' as never })).toThrow(TypeError);
    server.close();
  });
});
