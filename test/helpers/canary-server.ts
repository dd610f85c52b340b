// A canary: listens on every address of its network namespace (TCP and UDP, one port) and reports each connection
// or datagram on stdout as a JSON line. Started by test/helpers/netns.ts inside a test host; any line is a breach.
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';

const port = Number(process.argv[2] ?? 0);
const tcp = createServer((socket) => {
  console.log(JSON.stringify({ hit: 'tcp', local: socket.localAddress, remote: socket.remoteAddress }));
  socket.end('HTTP/1.1 200 OK\r\ncontent-length: 6\r\nconnection: close\r\n\r\ncanary');
});
tcp.listen(port, '::', () => {
  const actual = (tcp.address() as { port: number }).port;
  const udp = createSocket({ type: 'udp6', ipv6Only: false });
  udp.on('message', (_msg, rinfo) => console.log(JSON.stringify({ hit: 'udp', remote: rinfo.address })));
  udp.bind(actual, '::', () => console.log(JSON.stringify({ ready: actual })));
});
