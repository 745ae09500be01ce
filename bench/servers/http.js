'use strict';
// HTTP/1.1 keep-alive "hello" server on net with a hand-written parser
// (regular expressions), as a Node user writes one; the same program as
// http.lua, and the Node side of http_framing.lua's row too.
//
//   node bench/servers/http.js [PORT]
//
// Prints `READY tcp=PORT` once listening.
const net = require('net');
const MAX_HEAD = 64 * 1024;
const BODY = 'Hello, World!';

function response(keepAlive) {
  return 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ' + BODY.length +
    '\r\nConnection: ' + (keepAlive ? 'keep-alive' : 'close') + '\r\n\r\n' + BODY;
}
const BAD = 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';

const server = net.createServer((sock) => {
  sock.setNoDelay(true); // as Redis does: no Nagle delay behind a pipeline's first reply
  let buf = '';
  sock.setEncoding('latin1'); // byte-exact strings: Content-Length counts bytes
  sock.on('data', (chunk) => {
    buf += chunk;
    for (;;) {
      const headEnd = buf.indexOf('\r\n\r\n');
      if (headEnd === -1) {
        if (buf.length > MAX_HEAD) { sock.end(BAD); buf = ''; }
        return;
      }
      const head = buf.slice(0, headEnd);
      const start = /^([A-Z]+) (\S+) HTTP\/(\d\.\d)/.exec(head);
      const headers = {};
      const re = /\r\n([^:\r\n]+):[ \t]*([^\r\n]*)/g;
      let h;
      while ((h = re.exec(head)) !== null) headers[h[1].toLowerCase()] = h[2];
      const length = Number(headers['content-length'] || '0');
      if (start === null || !Number.isInteger(length) || length < 0 || headers['transfer-encoding'] !== undefined) {
        sock.end(BAD); buf = '';
        return;
      }
      if (buf.length < headEnd + 4 + length) return; // the body is still coming
      buf = buf.slice(headEnd + 4 + length);
      const connection = (headers.connection || '').toLowerCase();
      const keepAlive = connection === 'keep-alive' || (start[3] === '1.1' && connection !== 'close');
      sock.write(response(keepAlive));
      if (!keepAlive) { sock.end(); return; }
    }
  });
  sock.on('error', () => {}); // clients reset connections
});
server.listen(Number(process.argv[2] || '0'), '127.0.0.1', () => {
  console.log('READY tcp=' + server.address().port);
});
