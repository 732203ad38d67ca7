/**
 * After a precondition rejection the connection is kept only when Node can drain the unread body
 * safely (small, with a Content-Length: `_http_server.js` resOnFinish → req._dump()); a chunked,
 * mis-framed (RFC 9112 §6.3), refused-for-size or large body closes it. The pipelined follow-up
 * request proves the drained body was not read as a request (no smuggling).
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { vendorCompat } from '../../src/express';

let server: http.Server;
let port: number;

beforeAll(async () => {
  const app = express();
  const vc = vendorCompat({ profile: 'vsp' });
  app.use(vc.preconditions);
  app.get('/ConfigurationManager/v1/objects/storages', (_req, res) => void res.json({ data: [] }));
  app.use(vc.notFound);
  app.use(vc.errorHandler);
  server = vc.attach(http.createServer(app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Sends raw bytes, collects everything until the server closes or 1.5 s pass. */
function exchange(raw: string): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closedByServer: false });
    }, 1500);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => {
      clearTimeout(timer);
      resolve({ text, closedByServer: true });
    });
    socket.on('error', () => undefined);
    socket.write(raw);
  });
}

const statusLines = (text: string): string[] => text.match(/HTTP\/1\.1 \d{3} [^\r]*/g) ?? [];
const POST_HEAD = 'POST /ConfigurationManager/v1/objects/ldevs HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n';
const NEXT_GET = 'GET /ConfigurationManager/v1/objects/storages HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';

describe('connection after a precondition rejection (VSP 415 for text/plain, S22 request headers)', () => {
  it('keeps it for a small body with Content-Length: the pipelined GET is answered next', async () => {
    const body = 'GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n';
    const { text } = await exchange(`${POST_HEAD}Content-Length: ${body.length}\r\n\r\n${body}${NEXT_GET}`);
    expect(statusLines(text)).toEqual(['HTTP/1.1 415 Unsupported Media Type', 'HTTP/1.1 200 OK']);
    expect(text).not.toMatch(/smuggled/);
  });

  it('closes it for a declared body above 64 KiB, answering only the rejection', async () => {
    const { text, closedByServer } = await exchange(`${POST_HEAD}Content-Length: 100000\r\n\r\nxxxx`);
    expect(statusLines(text)).toEqual(['HTTP/1.1 415 Unsupported Media Type']);
    expect(text).toMatch(/\r\nConnection: close\r\n/i);
    expect(closedByServer).toBe(true);
  });

  it('closes it for a chunked body', async () => {
    const { text, closedByServer } = await exchange(`${POST_HEAD}Transfer-Encoding: chunked\r\n\r\n4\r\nxxxx\r\n`);
    expect(statusLines(text)).toEqual(['HTTP/1.1 411 Length Required']);
    expect(text).toMatch(/\r\nConnection: close\r\n/i);
    expect(closedByServer).toBe(true);
  });
});
