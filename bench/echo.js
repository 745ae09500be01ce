'use strict';
// Echo server for the netsh-vs-Node benchmark (bench/main.go). The same
// program as echo.lua, line for line.
//
//   node bench/echo.js [TCP_PORT [UDP_PORT]]
//
// Port 0 (the default) picks a free port; a negative UDP port skips UDP.
// Once listening it prints one line, `READY tcp=PORT udp=PORT`.
const net = require('net');

const tcpPort = Number(process.argv[2] || '0');
const udpPort = Number(process.argv[3] || '0');

const ports = { tcp: 'n/a', udp: 'n/a' };
let pending = 2;
function ready() {
  pending = pending - 1;
  if (pending === 0) {
    console.log('READY tcp=' + ports.tcp + ' udp=' + ports.udp);
  }
}

// TCP: echo every chunk, honouring backpressure as socket.pipe would.
const server = net.createServer(function (sock) {
  sock.on('data', function (d) {
    if (!sock.write(d)) {
      sock.pause();
      sock.once('drain', function () { sock.resume(); });
    }
  });
  sock.on('error', function () {}); // the load generator resets connections
});
server.listen(tcpPort, '127.0.0.1', function () {
  ports.tcp = server.address().port;
  ready();
});

// UDP: send each datagram back to where it came from.
let dgram = null;
try { dgram = require('dgram'); } catch (e) { dgram = null; }
if (udpPort < 0 || dgram === null) {
  ready();
} else {
  const s = dgram.createSocket('udp4');
  s.on('message', function (msg, rinfo) {
    s.send(msg, rinfo.port, rinfo.address);
  });
  s.on('error', function (err) { process.stderr.write('echo.js: udp: ' + err + '\n'); });
  s.on('listening', function () {
    ports.udp = s.address().port;
    ready();
  });
  s.bind(udpPort, '127.0.0.1');
}
