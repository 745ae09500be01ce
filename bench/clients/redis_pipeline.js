'use strict';
// A Redis client pipelining N (100,000) SETs, then N GETs, checking every
// reply, written as a Node user would with the redis-parser npm package
// (what node-redis and ioredis use); netsh's twin is redis_pipeline.lua.
// Needs bench/node_modules (bench/setup.sh).
//
//   node bench/clients/redis_pipeline.js PORT [N]
//
// Prints `READY` once connected and `DONE <replies>` at the end; the
// benchmark (bench/client.go) times the run between the two.
const net = require('net');
const Parser = require('redis-parser');
const port = Number(process.argv[2]);
const n = Number(process.argv[3] || '100000');

function command(...args) {
  let s = '*' + args.length + '\r\n';
  for (const a of args) s += '$' + Buffer.byteLength(a) + '\r\n' + a + '\r\n';
  return s;
}

function fail(what) {
  console.error(what);
  process.exit(1);
}

const sock = net.connect(port, '127.0.0.1', () => {
  console.log('READY');
  for (let i = 1; i <= n; i++) sock.write(command('SET', 'key:' + i, 'value:' + i));
});
let got = 0;
const parser = new Parser({
  returnReply: (reply) => {
    got++;
    if (got <= n) {
      if (reply !== 'OK') fail('SET key:' + got + ': ' + reply);
      if (got === n) {
        for (let i = 1; i <= n; i++) sock.write(command('GET', 'key:' + i));
      }
      return;
    }
    const i = got - n;
    if (reply !== 'value:' + i) fail('GET key:' + i + ': ' + reply);
    if (got === 2 * n) {
      console.log('DONE ' + got);
      sock.end();
    }
  },
  returnError: (err) => fail('reply ' + (got + 1) + ': ' + err.message),
});
sock.on('data', (chunk) => parser.execute(chunk));
sock.on('error', (err) => fail(String(err)));
