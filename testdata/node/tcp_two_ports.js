// Test peer: the lecture's 11-06 (one process, servers on two ports), with
// the optional arguments of scripts/tcp_two_ports.lua: [port1 port2]
// (defaults 40000 50000).
const net = require('net');

let HOST = '0.0.0.0';
let P1 = process.argv[2] ? Number(process.argv[2]) : 40000;
let P2 = process.argv[3] ? Number(process.argv[3]) : 50000;

let h = (n) => (sock) => {
    console.log(`CONNECTED${n}: ` + sock.remoteAddress + ':' + sock.remotePort);
    sock.on('data', (data) => {
        console.log(`DATA${n}: ` + sock.remoteAddress + ': ' + data);
        sock.write(`ECHO${n}:` + data);
    });
    sock.on('close', () => { console.log(`CLOSED${n}: ` + sock.remoteAddress + ' ' + sock.remotePort); });
    sock.on('error', (e) => { console.log(`ERROR${n}: ` + sock.remoteAddress + ' ' + sock.remotePort); });
};

net.createServer(h(P1)).listen(P1, HOST).on('listening', () => { console.log('TCP-server ' + HOST + ':' + P1); });
net.createServer(h(P2)).listen(P2, HOST).on('listening', () => { console.log('TCP-server ' + HOST + ':' + P2); });
