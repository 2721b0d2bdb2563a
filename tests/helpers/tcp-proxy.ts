/**
 * A TCP proxy on 127.0.0.1 between the gateway and a real dependency (Postgres, Redis), so fault
 * tests can cut and restore the network the way an outage does, with no mock of the driver:
 *
 *   const proxy = await startTcpProxy(5432);
 *   proxy.down('refuse');     // open connections are reset, new ones refused
 *   proxy.down('blackhole');  // open connections are reset, new ones accepted and never answered
 *   proxy.up();               // new connections reach the server again
 */
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type Outage = 'refuse' | 'blackhole';

export interface TcpProxy {
  readonly port: number;
  /** Connections accepted so far (each one a new client connection of the driver). */
  readonly accepted: number;
  down(mode: Outage): void;
  up(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(
  targetPort: number,
  targetHost = '127.0.0.1',
): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let mode: Outage | 'up' = 'up';
  let accepted = 0;
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    accepted += 1;
    track(client);
    if (mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    // A partition: the SYN is answered, nothing else ever is.
    if (mode === 'blackhole') return;
    const upstream = connect(targetPort, targetHost);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cutAll = () => {
    for (const socket of open) socket.resetAndDestroy();
  };
  return {
    port: (server.address() as AddressInfo).port,
    get accepted() {
      return accepted;
    },
    down(next) {
      mode = next;
      cutAll();
    },
    up() {
      mode = 'up';
    },
    async close() {
      cutAll();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
