'use strict';
// The file-to-socket pipe of the benchmark (bench/main.go): stream FILE to
// 127.0.0.1:PORT with backpressure, then end the socket.
//
//   node bench/pipe.js FILE PORT
const fs = require('fs');
const net = require('net');

const path = process.argv[2];
const port = Number(process.argv[3]);
const sock = net.connect(port, '127.0.0.1');
sock.on('error', function (err) {
  process.stderr.write('pipe.js: ' + err + '\n');
  process.exitCode = 1;
});
fs.createReadStream(path).pipe(sock);
