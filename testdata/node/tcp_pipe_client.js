// Test peer: the lecture's 11-05 (a client piping a file into the
// socket), with the optional arguments of scripts/tcp_pipe_client.lua:
// [port [file]] (defaults 40000, ./Files/File04.data).
const net = require('net');

let HOST = '127.0.0.1';
let PORT = process.argv[2] ? Number(process.argv[2]) : 40000;
let FILE = process.argv[3] ? process.argv[3] : './Files/File04.data';

let rs = require('fs').createReadStream(FILE);

let client = new net.Socket();

client.connect(PORT, HOST, ()=>{
    console.log('Client CONNECTED:', client.remoteAddress + ' ' + client.remotePort);
    rs.pipe(client);
});

client.on('data', (data)=>{console.log('Client DATA: ', data.readInt32LE())});
client.on('close', ()=>{console.log('Client CLOSE');});
client.on('error', (e)=>{console.log('Client ERROR', e);});
