// Test peer: the lecture's 11-02 (the simplest TCP client), with the
// optional argument of scripts/tcp_client.lua: [port] (default 40000).
var net = require('net');

let HOST = '127.0.0.1';
let PORT = process.argv[2] ? Number(process.argv[2]) : 40000;

var client = new net.Socket();
client.connect(PORT, HOST, () => {
  console.log('Client CONNECTED: ', client.remoteAddress + ' ' + client.remotePort);
  client.write('Hello');
});

client.on('data', (data) => {
  console.log('Client DATA:' + data.toString());
  client.destroy();
});

client.on('close', () => { console.log('Client CLOSE'); });

client.on('error', (e) => { console.log('Client ERROR'); });
