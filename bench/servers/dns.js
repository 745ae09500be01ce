'use strict';
// UDP DNS responder for A records with the dns-packet npm package, as a
// Node user writes one on dgram; the Node side of both DNS rows (dns.lua,
// hand-written, and dns_codec.lua, netsh's codec). Needs bench/node_modules
// (bench/setup.sh).
//
//   node bench/servers/dns.js [PORT]
//
// It knows host1.bench.test .. host1000.bench.test (hostN is 10.0.N/256.N%256)
// and answers NXDOMAIN for other names. Prints `READY udp=PORT`.
const dgram = require('dgram');
const dnsPacket = require('dns-packet');
const records = new Map();
for (let i = 1; i <= 1000; i++) {
  records.set('host' + i + '.bench.test', '10.0.' + (i >> 8) + '.' + (i & 255));
}

// answer decodes a query and encodes its response; null for what is not a
// well-formed standard query with one question.
function answer(msg) {
  let query;
  try {
    query = dnsPacket.decode(msg);
  } catch (e) {
    return null;
  }
  if (query.type !== 'query' || query.opcode !== 'QUERY' || query.questions.length !== 1) return null;
  const q = query.questions[0];
  const addr = records.get(q.name.toLowerCase());
  const answers = addr && q.type === 'A' && q.class === 'IN' ? [{ name: q.name, type: 'A', class: 'IN', ttl: 60, data: addr }] : [];
  return dnsPacket.encode({
    type: 'response',
    id: query.id,
    flags: dnsPacket.AUTHORITATIVE_ANSWER | (query.flags & dnsPacket.RECURSION_DESIRED) | (addr ? 0 : 3), // 3: NXDOMAIN
    questions: query.questions,
    answers,
  });
}

const sock = dgram.createSocket('udp4');
sock.on('message', (msg, rinfo) => {
  const reply = answer(msg);
  if (reply !== null) sock.send(reply, rinfo.port, rinfo.address);
});
sock.on('error', (err) => process.stderr.write('dns.js: ' + err + '\n'));
sock.bind(Number(process.argv[2] || '0'), '127.0.0.1', () => {
  console.log('READY udp=' + sock.address().port);
});
