'use strict';
/**
 * Child process: builds one scenario's server, listens on 127.0.0.1 port 0 and reports the port
 * to the parent over IPC. Exits when the parent says so, disconnects, or sends SIGTERM/SIGINT
 * (a clean exit, so that `node --cpu-prof` writes its profile).
 *
 *   node bench/server.js '{"app":"express-vc","profile":"apig"}'
 */
const { buildServer } = require('./apps');

const scenario = JSON.parse(process.argv[2] ?? '{}');
let server;
try {
  server = buildServer(scenario);
} catch (error) {
  // stderr may be /dev/null (bench/run.js discards the servers' logging): report over IPC too.
  if (process.send) process.send({ type: 'error', message: String(error && error.stack ? error.stack : error) });
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
}

function exit() {
  server.closeAllConnections?.();
  server.close();
  process.exit(0);
}

process.on('SIGTERM', exit);
process.on('SIGINT', exit);
process.on('disconnect', exit);
process.on('message', (message) => {
  if (message && message.type === 'exit') exit();
  // The parent reads the server's CPU time around each measurement: CPU per request is far less
  // sensitive than req/s to other processes competing for the machine.
  if (message && message.type === 'cpu') process.send({ type: 'cpu', id: message.id, usage: process.cpuUsage() });
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  if (process.send) process.send({ type: 'ready', port, pid: process.pid });
  else process.stdout.write(`listening on http://127.0.0.1:${port}\n`);
});
