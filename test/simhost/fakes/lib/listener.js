// The stand-in process of a started unit: after DELAY ms it accepts TCP connections on each PORT
// (0.0.0.0, inside the simulated host's network namespace) and closes them; it runs until killed. On SIGTERM
// it keeps its ports for STOP_DELAY ms more, as a Java or C service shutting down does.
// Usage: node listener.js DELAY STOP_DELAY PORT...
import net from 'node:net';

const [delayArg, stopDelayArg, ...portArgs] = process.argv.slice(2);
const delay = Number(delayArg ?? 0);
const stopDelay = Number(stopDelayArg ?? 0);
const ports = portArgs.map(Number);

process.on('SIGTERM', () => setTimeout(() => process.exit(0), stopDelay));
setTimeout(() => {
  for (const port of ports) {
    const server = net.createServer((socket) => socket.end());
    server.on('error', (e) => {
      process.stderr.write(`listener: port ${port}: ${e.message}\n`);
      process.exit(1);
    });
    server.listen(port, '0.0.0.0');
  }
}, delay);
// Keep the event loop alive even before the servers exist.
setInterval(() => {}, 1 << 30);
