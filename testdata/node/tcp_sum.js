// Test peer: the lecture's 11-03 (a server summing Int32LE numbers), with
// the optional arguments of scripts/tcp_sum.lua: [port [period_ms]]
// (defaults 40000, 3000).
const net = require('net');

let HOST = '0.0.0.0';
let PORT = process.argv[2] ? Number(process.argv[2]) : 40000;
let PERIOD = process.argv[3] ? Number(process.argv[3]) : 3000;

let sum = 0;

let server = net.createServer();
server.on('connection', (sock)=>{

    console.log('Server CONNECTED: ' + sock.remoteAddress + ':' + sock.remotePort);

    sock.on('data', (data)=>{
        console.log('Server DATA:', data, sum);
        sum += data.readInt32LE();
    });

    let buf = Buffer.alloc(4);
    setInterval(()=>{buf.writeInt32LE(sum,0); sock.write(buf)}, PERIOD);

    sock.on('close', (data)=>{console.log('Server CLOSED: ', sock.remoteAddress + ' ' + sock.remotePort)});

    sock.on('error', (e)=>{console.log('Server error: ', sock.remoteAddress + ' ' + sock.remotePort)});

})
server.on('listening', ()=>{ console.log('TCP-server ', HOST + ':' + PORT); } );
server.on('error', (e)=>{ console.log('TCP-server error ', e); } );
server.listen(PORT, HOST);
