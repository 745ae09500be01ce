'use strict';
// TLS echo server for the netsh-vs-Node benchmark (bench/tls.go). The
// same program as tls_echo.lua, line for line.
//
//   node bench/tls_echo.js CERT_FILE KEY_FILE
//
// Once listening it prints `READY tcp=PORT udp=n/a`.
const tls = require('tls');
const fs = require('fs');

const server = tls.createServer({
  cert: fs.readFileSync(process.argv[2]),
  key: fs.readFileSync(process.argv[3]),
}, function (sock) {
  sock.on('data', function (d) {
    if (!sock.write(d)) {
      sock.pause();
      sock.once('drain', function () { sock.resume(); });
    }
  });
  sock.on('error', function () {}); // the load generator resets connections
});
server.on('tlsClientError', function () {});
server.listen(0, '127.0.0.1', function () {
  console.log('READY tcp=' + server.address().port + ' udp=n/a');
});
