// Test peer: the lecture's 11-06a (a client whose port comes from the
// command line), with the further optional arguments of
// scripts/tcp_port_client.lua: [port [interval_ms [duration_ms]]]
// (defaults 40000, 1000, 30000).
const net = require('net');

const HOST = '127.0.0.1';
const PORT = process.argv[2]? process.argv[2]:40000;
const INTERVAL = process.argv[3] ? Number(process.argv[3]) : 1000;
const DURATION = process.argv[4] ? Number(process.argv[4]) : 30000;

let client = new net.Socket();
let timerId = null;

client.connect(PORT, HOST, ()=>{

    console.log('Client CONNECTED:', client.remoteAddress + ' ' + client.remotePort);

    let k = 0;
    timerId = setInterval(()=>{client.write(`client: ${k++}`)}, INTERVAL);
    setTimeout(()=>{clearInterval(timerId); client.end();}, DURATION);

});

client.on('data', (data)=>{console.log('Client DATA: ', data)})
    .on('close', ()=>{console.log('Client CLOSE');})
    .on('error', (e)=>{console.log('Client ERROR', e);});
