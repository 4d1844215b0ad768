/**
 * A throwaway certificate authority for mTLS tests, made with the system's `openssl`:
 * a CA, a server certificate for 127.0.0.1/localhost, and a client certificate whose
 * CN is a Swish number (Swish ties a merchant certificate to its number). Everything
 * lives in a temporary folder that `remove()` deletes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestPki {
  dir: string;
  caPath: string;
  serverCertPath: string;
  serverKeyPath: string;
  clientCertPath: string;
  clientKeyPath: string;
  /** A client certificate from an unrelated CA, which the server must refuse. */
  strangerCertPath: string;
  strangerKeyPath: string;
  remove(): void;
}

const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function createTestPki(clientCommonName = '1234679304'): TestPki {
  const dir = mkdtempSync(path.join(tmpdir(), 'torget-pki-'));
  const p = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });

  const makeCa = (name: string, cn: string) =>
    openssl('req', '-x509', ...ec, '-keyout', p(`${name}.key`), '-out', p(`${name}.crt`), '-days', '2', '-subj', `/CN=${cn}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  const makeLeaf = (name: string, ca: string, subject: string, extensions: string) => {
    openssl('req', ...ec, '-keyout', p(`${name}.key`), '-out', p(`${name}.csr`), '-subj', subject);
    writeFileSync(p(`${name}.ext`), extensions);
    openssl('x509', '-req', '-in', p(`${name}.csr`), '-CA', p(`${ca}.crt`), '-CAkey', p(`${ca}.key`), '-set_serial', String(Date.now()), '-days', '2', '-out', p(`${name}.crt`), '-extfile', p(`${name}.ext`));
  };

  makeCa('ca', 'Torget Test Swish CA');
  makeLeaf('server', 'ca', '/CN=localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  makeLeaf('client', 'ca', `/O=Torget Test/CN=${clientCommonName}`, 'extendedKeyUsage=clientAuth\n');
  makeCa('stranger-ca', 'Someone Else');
  makeLeaf('stranger', 'stranger-ca', `/CN=${clientCommonName}`, 'extendedKeyUsage=clientAuth\n');

  return {
    dir,
    caPath: p('ca.crt'),
    serverCertPath: p('server.crt'),
    serverKeyPath: p('server.key'),
    clientCertPath: p('client.crt'),
    clientKeyPath: p('client.key'),
    strangerCertPath: p('stranger.crt'),
    strangerKeyPath: p('stranger.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
