'use strict';

// netspy.js: preloaded with `node -r ./test/netspy.js adapter.js` by
// offline.test.js. It counts every attempt at real networking below
// capture.js: net.Socket#connect (which every TCP, TLS and IPC connection
// goes through), the dns module's lookups and resolvers, and UDP sockets.
// At exit it writes the counts as JSON to the file named by NETSPY_OUT.

const fs = require('fs');
const net = require('net');
const dns = require('dns');
const dgram = require('dgram');

const counts = {};
function spy(obj, name, label) {
  const orig = obj[name];
  if (typeof orig !== 'function') return;
  obj[name] = function spied(...args) {
    counts[label] = (counts[label] || 0) + 1;
    return orig.apply(this, args);
  };
}

spy(net.Socket.prototype, 'connect', 'net.Socket#connect');
for (const fn of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'reverse']) {
  spy(dns, fn, 'dns.' + fn);
  spy(dns.promises, fn, 'dns.promises.' + fn);
}
spy(dgram, 'createSocket', 'dgram.createSocket');

process.on('exit', () => {
  if (process.env.NETSPY_OUT) fs.writeFileSync(process.env.NETSPY_OUT, JSON.stringify(counts));
});
