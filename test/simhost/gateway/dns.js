#!/usr/bin/env node
// The simulated gateway's DNS server: answers every A query with the given address (RFC 1035 wire
// format), other types with an empty answer. While the pause file exists it stays silent, as a dead
// resolver would. Usage: node dns.js LISTEN_ADDRESS ANSWER_ADDRESS PAUSE_FILE
import dgram from 'node:dgram';
import { existsSync } from 'node:fs';

const [listen, answer, pauseFile] = process.argv.slice(2);
if (listen === undefined || answer === undefined || pauseFile === undefined) {
  process.stderr.write('usage: dns.js LISTEN_ADDRESS ANSWER_ADDRESS PAUSE_FILE\n');
  process.exit(2);
}

/** Offset just past the question's name (a sequence of length-prefixed labels ending in 0). */
function afterName(message, offset) {
  let at = offset;
  while (at < message.length && message[at] !== 0) at += (message[at] ?? 0) + 1;
  return at + 1;
}

const socket = dgram.createSocket('udp4');
socket.on('message', (query, peer) => {
  if (existsSync(pauseFile) || query.length < 17) return;
  const questionEnd = afterName(query, 12) + 4;
  const qtype = query.readUInt16BE(questionEnd - 4);
  const isA = qtype === 1;
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // the query's id
  header.writeUInt16BE(0x8180 | (query.readUInt16BE(2) & 0x0100), 2); // response, recursion available
  header.writeUInt16BE(1, 4); // one question
  header.writeUInt16BE(isA ? 1 : 0, 6); // answers
  const parts = [header, query.subarray(12, questionEnd)];
  if (isA) {
    const record = Buffer.alloc(16);
    record.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    record.writeUInt16BE(1, 2); // A
    record.writeUInt16BE(1, 4); // IN
    record.writeUInt32BE(60, 6); // TTL
    record.writeUInt16BE(4, 10);
    answer.split('.').forEach((octet, i) => record.writeUInt8(Number(octet), 12 + i));
    parts.push(record);
  }
  socket.send(Buffer.concat(parts), peer.port, peer.address);
});
socket.bind(53, listen, () => {
  process.stdout.write('ready\n');
});
