// Test peer: the lecture's simplest UDP client (udp-client.js: a message,
// then two buffers as one datagram), with the optional argument of
// scripts/udp_client.lua: [port] (default 3000).
const buffer = require('buffer');
const udp = require('dgram');
const client = udp.createSocket('udp4');
const PORT = process.argv[2] ? Number(process.argv[2]) : 3000;

client.on('message', (msg, info) => {
  console.log('Client: от сервера получено ' + msg.toString());
  console.log('Client: получено %d байтов от %s:%d\n', msg.length, info.address, info.port);
});

let data = Buffer.from('Client: сообщение 01');
client.send(data, PORT, 'localhost', (err) => {
  if(err) client.close();
  else console.log('Client: Сообщение отправлено серверу');
});

let data1 = Buffer.from('Привет ');
let data2 = Buffer.from('Мир');

client.send([data1, data2], PORT, 'localhost', (err) => {
  if(err) client.close();
  else console.log('Client: Сообщение отправлено серверу');
});
