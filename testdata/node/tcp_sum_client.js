// Test peer: the lecture's 11-03a (a client sending k = 0, 1, 2, ... as
// Int32LE), with the optional arguments of scripts/tcp_sum_client.lua:
// [port [interval_ms [duration_ms]]] (defaults 40000, 1000, 30000).
var net = require('net');

let HOST = '127.0.0.1';
let PORT = process.argv[2] ? Number(process.argv[2]) : 40000;
let INTERVAL = process.argv[3] ? Number(process.argv[3]) : 1000;
let DURATION = process.argv[4] ? Number(process.argv[4]) : 30000;

var client = new net.Socket();
var buf = new Buffer.alloc(4);
let timerId = null;
client.connect(PORT, HOST, () => {
  console.log('Client CONNECTED: ', client.remoteAddress + ' ' + client.remotePort);

  let k = 0;
  timerId = setInterval(() => {
    buf.writeInt32LE(k++, 0);
    client.write(buf);
  }, INTERVAL);

  setTimeout(() => {
    clearInterval(timerId);
    client.end();
  }, DURATION);
})

client.on('data', (data) => { console.log('Client DATA: ' + data.readInt32LE()); });
client.on('close', () => { console.log('Client CLOSE'); });
client.on('error', (e) => { console.log('Client ERROR', e); });
