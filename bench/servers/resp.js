'use strict';
// RESP server (PING, SET, GET, INCR, DEL) with a hand-written parser, as a
// Node user writes one on net; the same program as resp.lua. The benchmark
// (bench/protocols.go) loads it with redis-benchmark.
//
//   node bench/servers/resp.js [PORT]
//
// Prints `READY tcp=PORT` once listening.
const net = require('net');
const MAX = 64 * 1024 * 1024; // longest request kept before giving up
const db = new Map();

function bulk(s) {
  if (s === undefined) return '$-1\r\n';
  return '$' + s.length + '\r\n' + s + '\r\n'; // latin1: one char per byte
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
  const name = args[0].toUpperCase();
  if (!Object.hasOwn(commands, name)) return "-ERR unknown command '" + args[0] + "'\r\n";
  if (args.length < arity[name]) return "-ERR wrong number of arguments for '" + name.toLowerCase() + "' command\r\n";
  return commands[name](args);
}

// parse reads one command at buf[pos]: its arguments and the position
// after it; null when it has not all arrived; throws when malformed.
function parse(buf, pos) {
  let eol = buf.indexOf('\r\n', pos);
  if (eol === -1) return null;
  if (buf.charCodeAt(pos) !== 42) { // not '*': an inline command, as typed into nc
    const args = buf.slice(pos, eol).split(/\s+/).filter((w) => w !== '');
    return [args, eol + 2];
  }
  const n = Number(buf.slice(pos + 1, eol));
  if (!Number.isInteger(n) || n < 1 || n > 1024 * 1024) throw new Error('invalid multibulk length');
  const args = [];
  pos = eol + 2;
  for (let i = 0; i < n; i++) {
    eol = buf.indexOf('\r\n', pos);
    if (eol === -1) return null;
    if (buf.charCodeAt(pos) !== 36) throw new Error("expected '$'"); // '$'
    const len = Number(buf.slice(pos + 1, eol));
    if (!Number.isInteger(len) || len < 0 || len > MAX) throw new Error('invalid bulk length');
    if (buf.length < eol + 4 + len) return null;
    args.push(buf.slice(eol + 2, eol + 2 + len));
    pos = eol + 4 + len;
  }
  return [args, pos];
}

const server = net.createServer((sock) => {
  sock.setNoDelay(true); // as Redis does: no Nagle delay behind a pipeline's first reply
  let buf = '';
  sock.setEncoding('latin1'); // byte-exact strings: bulk lengths count bytes
  sock.on('data', (chunk) => {
    buf += chunk;
    let pos = 0;
    for (;;) {
      let r;
      try {
        r = parse(buf, pos);
        if (r === null && buf.length - pos > MAX) throw new Error('too big');
      } catch (e) {
        sock.end('-ERR Protocol error: ' + e.message + '\r\n');
        buf = '';
        return;
      }
      if (r === null) break;
      pos = r[1];
      if (r[0].length > 0) sock.write(run(r[0]), 'latin1');
    }
    buf = buf.slice(pos);
  });
  sock.on('error', () => {}); // clients reset connections
});
server.listen(Number(process.argv[2] || '0'), '127.0.0.1', () => {
  console.log('READY tcp=' + server.address().port);
});
