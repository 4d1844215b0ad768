/**
 * A TCP proxy between the app and PostgreSQL that a test can break and mend, so the
 * database can be "lost" without touching the shared server. Modes:
 * - `open`: bytes flow both ways;
 * - `reset`: every connection is cut (RST) and new ones are refused, as when the
 *   database restarts or its host goes away;
 * - `blackhole`: connections are cut and new ones are accepted but never answered, as
 *   when a network path silently drops packets.
 */
import net from 'node:net';

export type ProxyMode = 'open' | 'reset' | 'blackhole';

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
    if (mode === 'blackhole') return; // held open, never answered
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
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
      if (next !== 'open') cutAll();
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
