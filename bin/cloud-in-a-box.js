#!/usr/bin/env node
// Thin shim: refuse an old Node.js before any module that needs a newer one loads.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 17)) {
  process.stderr.write(`error: cloud-in-a-box needs Node.js 20.17 or newer; this is ${process.version}\n`);
  process.exit(2);
}
// A closed pipe (`cloud-in-a-box plan | head`) ends the output, not the program with a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { main } = await import('../dist/src/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
