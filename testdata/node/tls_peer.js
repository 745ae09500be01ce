// Test peer for the TLS interop tests (luabind/tls_interop_test.go): Node's
// own tls module on the other end of a netsh TLS socket. The certificates
// are the ones the Go test made in DIR (ss.pem/ss.key and friends).
//
//   node tls_peer.js server DIR HOST        echo server, upper-casing; prints "port N"
//   node tls_peer.js client DIR HOST PORT   one exchange with a netsh server
//   node tls_peer.js verify DIR PORTS       the verify cases, one line each
//   node tls_peer.js bulk DIR HOST PORT MiB sends MiB through an echo, hashes both ways
const tls = require('tls');
const fs = require('fs');
const crypto = require('crypto');

const [mode, dir, ...rest] = process.argv.slice(2);
const pem = (name) => fs.readFileSync(dir + '/' + name);

if (mode === 'server') {
  const srv = tls.createServer({ key: pem('ss.key'), cert: pem('ss.pem'), ALPNProtocols: ['h2', 'x'] }, (s) => {
    console.log('secureConnection', s.alpnProtocol, s.servername, s.getProtocol());
    s.on('data', (d) => s.write(d.toString().toUpperCase()));
    s.on('end', () => { s.end(); srv.close(); });
  });
  srv.listen(0, rest[0], () => console.log('port ' + srv.address().port));
} else if (mode === 'client') {
  const [host, port] = rest;
  const c = tls.connect({ host, port: Number(port), ca: pem('ss.pem'), servername: 'localhost', ALPNProtocols: ['x'] }, () => {
    const pc = c.getPeerCertificate();
    console.log('secureConnect', c.authorized, c.alpnProtocol, c.getProtocol(), pc.fingerprint256, pc.subjectaltname);
    c.end('hello');
  });
  let got = '';
  c.on('data', (d) => { got += d; });
  c.on('end', () => console.log('got ' + got));
  c.on('error', (e) => console.log('error', e.code));
} else if (mode === 'verify') {
  const cases = JSON.parse(rest[0]);
  (async () => {
    for (const [i, port, opts] of cases) {
      const o = { port, host: '127.0.0.1', servername: 'localhost', ...opts };
      for (const k of ['ca']) if (o[k]) o[k] = pem(o[k]);
      await new Promise((resolve) => {
        const c = tls.connect(o, () => { console.log(i, 'ok', c.authorized); c.destroy(); resolve(); });
        c.on('error', (e) => { console.log(i, e.code, e.message); resolve(); });
      });
    }
  })();
} else if (mode === 'bulk') {
  const [host, port, mib] = rest;
  const total = Number(mib) * 1024 * 1024;
  const sent = crypto.createHash('sha256');
  const back = crypto.createHash('sha256');
  let received = 0;
  const c = tls.connect({ host, port: Number(port), ca: pem('ss.pem'), servername: 'localhost' }, () => {
    let left = total;
    let n = 0;
    const write = () => {
      while (left > 0) {
        const chunk = crypto.createHash('sha512').update(String(n++)).digest();
        const block = Buffer.concat(Array(1024).fill(chunk)).subarray(0, Math.min(left, 65536));
        left -= block.length;
        sent.update(block);
        if (!c.write(block)) { c.once('drain', write); return; }
      }
      c.end();
    };
    write();
  });
  c.on('data', (d) => { received += d.length; back.update(d); });
  c.on('end', () => console.log('bulk', received === total, sent.digest('hex') === back.digest('hex'), received));
  c.on('error', (e) => console.log('error', e.code, e.message));
}
