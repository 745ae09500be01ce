// Test peer: the lecture's UDP client with connect()
// (udp-connect-client.js), with the optional argument of
// scripts/udp_connect_client.lua: [port] (default 3000).
const dgram = require('dgram');

const client = dgram.createSocket('udp4');
const PORT = process.argv[2] ? Number(process.argv[2]) : 3000;

const message = Buffer.from('Client: сообщение 01');
client.connect(PORT, 'localhost', (err) => {
  client.send(message, (err) => {
    client.close();
  });
});
