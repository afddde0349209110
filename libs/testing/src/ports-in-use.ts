import { createConnection } from 'node:net';

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const answer = (inUse: boolean) => {
      socket.destroy();
      resolve(inUse);
    };
    socket.once('connect', () => answer(true));
    socket.once('error', () => answer(false));
    socket.setTimeout(2_000, () => answer(false));
  });
}

/**
 * The ports on 127.0.0.1 that something already listens on. A test that must use fixed ports checks
 * first: otherwise its readiness probe could be answered by that other process instead of its own.
 */
export async function portsInUse(ports: number[]): Promise<number[]> {
  const inUse = await Promise.all(ports.map(listening));
  return ports.filter((_port, index) => inUse[index]);
}
