'use strict';
// The RESP server of resp.js written as a careful Node user would with the
// redis-parser npm package (what node-redis and ioredis use), corking the
// socket around each chunk so a pipeline's replies leave in one write.
// netsh's twin is resp_framing.lua. Needs bench/node_modules (bench/setup.sh).
//
//   node bench/servers/resp_parser.js [PORT]
//
// Prints `READY tcp=PORT` once listening.
const net = require('net');
const Parser = require('redis-parser');
const db = new Map();

function bulk(s) {
  if (s === undefined) return '$-1\r\n';
  return '$' + Buffer.byteLength(s) + '\r\n' + s + '\r\n';
}

const arity = { PING: 1, SET: 3, GET: 2, INCR: 2, DEL: 2 };
const commands = {
  PING: (a) => (a.length > 1 ? bulk(a[1]) : '+PONG\r\n'),
  SET: (a) => { db.set(a[1], a[2]); return '+OK\r\n'; },
  GET: (a) => bulk(db.get(a[1])),
  INCR: (a) => {
    let v = db.get(a[1]) || '0';
    if (v.length > 15 || !/^-?\d+$/.test(v)) return '-ERR value is not an integer or out of range\r\n';
    v = String(Number(v) + 1);
    db.set(a[1], v);
    return ':' + v + '\r\n';
  },
  DEL: (a) => {
    let n = 0;
    for (let i = 1; i < a.length; i++) {
      if (db.delete(a[i])) n++;
    }
    return ':' + n + '\r\n';
  },
};

function run(args) {
  if (!Array.isArray(args) || typeof args[0] !== 'string') return '-ERR Protocol error: expected a command\r\n';
  const name = args[0].toUpperCase();
  if (!Object.hasOwn(commands, name)) return "-ERR unknown command '" + args[0] + "'\r\n";
  if (args.length < arity[name]) return "-ERR wrong number of arguments for '" + name.toLowerCase() + "' command\r\n";
  return commands[name](args);
}

const server = net.createServer((sock) => {
  sock.setNoDelay(true); // as Redis does: no Nagle delay behind a pipeline's first reply
  const parser = new Parser({
    returnReply: (cmd) => sock.write(run(cmd)),
    returnError: () => sock.write('-ERR Protocol error: expected a command\r\n'),
    returnFatalError: (err) => sock.end('-ERR Protocol error: ' + err.message + '\r\n'),
  });
  // redis-parser reads RESP only: inline commands (PING\r\n, as typed into
  // nc or sent by redis-benchmark's PING_INLINE), told apart by a chunk
  // that starts with something other than '*', are split by hand.
  let inline = '';
  sock.on('data', (chunk) => {
    sock.cork();
    if (inline !== '' || (parser.buffer === null && chunk[0] !== 42)) { // 42: '*'
      inline += chunk.toString('latin1');
      let eol;
      while ((eol = inline.indexOf('\n')) !== -1) {
        const args = inline.slice(0, eol).split(/\s+/).filter((w) => w !== '');
        inline = inline.slice(eol + 1);
        if (args.length > 0) sock.write(run(args));
      }
      if (inline.length > 64 * 1024) sock.destroy();
    } else {
      parser.execute(chunk);
    }
    sock.uncork();
  });
  sock.on('error', () => {}); // clients reset connections
});
server.listen(Number(process.argv[2] || '0'), '127.0.0.1', () => {
  console.log('READY tcp=' + server.address().port);
});
