/**
 * A TCP proxy between the app and PostgreSQL that a test can break and mend, so the
 * database can be "lost" without touching the shared server. Modes:
 * - `open`: bytes flow both ways;
 * - `reset`: every connection is cut (RST) and new ones are refused, as when the
 *   database restarts or its host goes away;
 * - `blackhole`: connections are cut and new ones are accepted but never answered, as
 *   when a network path silently drops packets;
 * - `silent`: every connection stays open but the bytes on it are swallowed both ways,
 *   and new ones are accepted and never answered: a frozen database host, a firewall
 *   dropping packets without a reset. No error ever reaches the app: only its own
 *   timeouts can tell;
 * - `mute`: requests still reach the database, its answers are swallowed. A commit can
 *   go through while the app never hears of it (the hardest case for "nothing half
 *   written": the retry with the same key must find it).
 * Back to `open`, bytes flow again on the connections that are still there.
 */
import net from 'node:net';

export type ProxyMode = 'open' | 'reset' | 'blackhole' | 'silent' | 'mute';

export interface TcpProxy {
  port: number;
  mode(): ProxyMode;
  set(mode: ProxyMode): Promise<void>;
  /** Connections accepted since the proxy started. */
  accepted(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'open';
  let accepted = 0;
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  };
  const onConnection = (client: net.Socket) => {
    accepted++;
    track(client);
    if (mode === 'blackhole' || mode === 'silent') {
      // Held open, never answered.
      client.resume(); // read and dropped
      return;
    }
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    // Chunk by chunk rather than pipe(), so the mode decides for every chunk.
    client.on('data', (chunk: Buffer) => {
      if (mode !== 'silent') upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (mode !== 'silent' && mode !== 'mute') client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  };
  let server = net.createServer(onConnection);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
  const port = await listen(0);
  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const cutAll = () => {
    for (const s of sockets) s.resetAndDestroy();
    sockets.clear();
  };

  return {
    port,
    mode: () => mode,
    accepted: () => accepted,
    async set(next) {
      if (next === mode) return;
      // Silence and muteness keep the connections: that is the point of them.
      if (next === 'reset' || next === 'blackhole') cutAll();
      if (next === 'reset') await stopListening();
      if (next !== 'reset' && !server.listening) {
        server = net.createServer(onConnection);
        await listen(port);
      }
      mode = next;
    },
    async close() {
      cutAll();
      await stopListening();
    },
  };
}
