/**
 * Reading a password without it ever appearing in argv (visible to everyone in `ps`)
 * or on the screen: from a pipe, or typed at a hidden prompt when stdin is a terminal.
 */
import { CliError } from './output.js';

export async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const first = await promptHidden('Lösenord: ');
    const again = await promptHidden('Upprepa lösenordet: ');
    if (first !== again) throw new CliError('Lösenorden var inte lika.');
    return first;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  // Only the newline that `echo` or a here-string adds is dropped; spaces are part of a password.
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (password.includes('\n')) throw new CliError('Lösenordet på stdin får bara vara en rad.');
  if (password === '') throw new CliError('Inget lösenord på stdin.');
  return password;
}

function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (err?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new CliError('Avbrutet.'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    process.stderr.write(prompt);
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
