// Requests over TLS for the tests of the https side: node's own https client, so a test sees the
// certificate the server presented and can trust the development certificate by its file.
import { type Agent, request as httpsRequest } from 'node:https';
import { connect, type Socket } from 'node:net';
import type { PeerCertificate, TLSSocket } from 'node:tls';

/** What came back, with the certificate the server presented. */
export interface HttpsAnswer {
  status: number;
  body: string;
  cert: PeerCertificate;
  /** The request went over a socket an earlier request had opened (keep-alive). */
  reusedSocket: boolean;
}

/**
 * GET `url` over https. Without `ca` any certificate is accepted (as a browser told to proceed);
 * with it, the server's must chain to `ca` and name the host (or `servername`).
 */
export function httpsGet(
  url: string,
  opts: { ca?: string | Buffer; servername?: string; agent?: Agent } = {},
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        ca: opts.ca,
        rejectUnauthorized: opts.ca !== undefined,
        servername: opts.servername,
        agent: opts.agent,
      },
      (res) => {
        const cert = (res.socket as TLSSocket).getPeerCertificate();
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body, cert, reusedSocket: req.reusedSocket }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Opens a raw TCP connection to `port`, writes `bytes`, and resolves with what the server sent
 * back by the time it closed the connection (or `waitMs` passed; then this side closes it).
 */
export function rawExchange(port: number, bytes: Buffer, waitMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let got = '';
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('data', (chunk) => {
      got += chunk.toString('latin1');
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNRESET') reject(err);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(got);
    });
  });
}

/** The port of a `http://host:port` URL. */
export function portOf(url: string): number {
  return Number(new URL(url).port);
}
