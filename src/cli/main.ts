/**
 * Entry point of the `torget` command (bin/torget.js, `npm start`, `npm run torget`).
 * Failures end as one line on stderr, `torget: <reason>`, and exit code 1.
 */
import { isExpectedError, reasonOf } from './errors.js';
import { buildProgram } from './program.js';

// `torget city list | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const program = buildProgram();
try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = 1;
  if (isExpectedError(err)) process.stderr.write(`torget: ${reasonOf(err)}\n`);
  else if (program.opts<{ debug?: boolean }>().debug) process.stderr.write(`torget: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  else process.stderr.write(`torget: ${reasonOf(err)} (kör torget --debug … för detaljer)\n`);
}

// Everything the command opened is closed by now; a handle some driver left behind
// must not keep a finished command from exiting.
setTimeout(() => process.exit(), 2000).unref();
