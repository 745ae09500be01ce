// Test peer: the lecture's 11-04 (a server piping each connection into a
// file, appending), with the optional arguments of
// scripts/tcp_pipe_server.lua: [port [file]] (defaults 40000,
// ./Files/File04.data). As in the lecture, the first client to leave ends
// the file stream (see the Lua script's comment).
const net = require('net');

let HOST = '0.0.0.0';
let PORT = process.argv[2] ? Number(process.argv[2]) : 40000;
let FILE = process.argv[3] ? process.argv[3] : './Files/File04.data';

let ws = require('fs').createWriteStream(FILE, {flags: 'a'});

let server = net.createServer();
server.on('connection', (sock) => {

    console.log('Server CONNECTED: ' + sock.remoteAddress + ':' + sock.remotePort);

    sock.pipe(ws);

    sock.on('close', (data) => { console.log('Server CLOSED: ', sock.remoteAddress + ' ' + sock.remotePort); });
    sock.on('error', (e) => { console.log('Server error: ', sock.remoteAddress + ' ' + sock.remotePort); });
})
server.on('listening', () => { console.log('TCP-server ', HOST + ':' + PORT); });
server.on('error', (e) => { console.log('TCP-server error ', e); });
server.listen(PORT, HOST);
