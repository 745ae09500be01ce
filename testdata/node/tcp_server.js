// Test peer: the lecture's 11-01 (the simplest TCP server), with the
// optional argument of scripts/tcp_server.lua: [port] (default 40000).
const net = require('net');

let HOST = '0.0.0.0';
let PORT = process.argv[2] ? Number(process.argv[2]) : 40000;

net.createServer((sock)=>{

  console.log('Server CONNECTED: ' + sock.remoteAddress + ':' + sock.remotePort);

  sock.on('data', (data)=>{
    console.log('Server DATA:', sock.remoteAddress + ': ' + data);
    sock.write('Сервер получил: ' + data );
  });

  sock.on('close', ( )=>{console.log('Server CLOSED: ', sock.remoteAddress + ' ' + sock.remotePort);});

}).listen(PORT, HOST);

console.log('TCP-сервер ' + HOST + ':' + PORT);
