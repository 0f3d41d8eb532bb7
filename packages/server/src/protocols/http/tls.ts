import type { Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';
import type { SecureContext, TLSSocket, Server as TlsServer } from 'node:tls';
import { createSecureContext, createServer as createTlsServer } from 'node:tls';
import type { Logger } from 'pino';

/** A certificate chain and its private key, PEM. */
export interface CertificatePem {
  cert: string | Buffer;
  key: string | Buffer;
}

/** Where the listener's certificates come from. */
export interface TlsCertificates {
  /**
   * The default certificate (clients without SNI, or a name with no certificate of its own).
   * Called on the first TLS connection, so a certificate that must be made costs the start nothing.
   */
  defaultCertificate(): Promise<CertificatePem>;
  /** A certificate of its own for a server name a client asks for (SNI), e.g. a custom domain. */
  certificateFor?(servername: string): CertificatePem | undefined;
}

/** A TLS record starts with its content type; 22 (0x16) is a handshake, a client's first bytes. */
const TLS_HANDSHAKE = 0x16;
/** A connection that says nothing for this long is closed (plain HTTP applies its own timeouts after). */
const FIRST_BYTES_TIMEOUT_MS = 30_000;
/** A TLS handshake must finish within this. */
const HANDSHAKE_TIMEOUT_MS = 30_000;

/**
 * Makes `server` (a plain `http.Server`, Fastify's) speak HTTPS on the same port: the first byte
 * of each connection tells a TLS ClientHello (0x16) from an HTTP request line (a letter), so
 * `http://` and `https://` work side by side, as Amplify's `https://<oauth.domain>/oauth2/…`
 * needs while SDKs keep the plain endpoint. Plain connections go to the server's own connection
 * handler untouched (only their first chunk passes through here); TLS connections are decrypted
 * and handed to the same handler, so keep-alive, timeouts and `closeIdleConnections` on close
 * treat both alike, and `req.socket.encrypted` tells Fastify the protocol is https.
 */
export function acceptTls(server: HttpServer, certificates: TlsCertificates, log: Logger): void {
  const [httpConnection] = server.listeners('connection') as ((socket: Socket) => void)[];
  if (!httpConnection) throw new Error('the HTTP server has no connection handler to share');
  server.removeListener('connection', httpConnection);
  const toHttp = (socket: Socket) => httpConnection.call(server, socket);

  // Sockets not yet handed to HTTP (still silent, or mid-handshake): closing the server closes
  // them too, as it closes idle HTTP connections, so a stop never waits on a silent client.
  const waiting = new Set<Socket>();
  const closeIdle = server.closeIdleConnections.bind(server);
  server.closeIdleConnections = () => {
    for (const socket of waiting) socket.destroy();
    waiting.clear();
    closeIdle();
  };

  let tlsServer: Promise<TlsServer> | undefined;
  const tls = (): Promise<TlsServer> => {
    tlsServer ??= makeTlsServer(certificates, log, (socket) => {
      // The TCP socket under it (node keeps it as `_parent`) is no longer waiting.
      const tcp = (socket as TLSSocket & { _parent?: Socket })._parent;
      if (tcp) waiting.delete(tcp);
      toHttp(socket);
    }).catch((err) => {
      tlsServer = undefined; // the next connection tries again
      throw err;
    });
    return tlsServer;
  };

  server.on('connection', (socket: Socket) => {
    waiting.add(socket);
    socket.on('error', ignore);
    socket.setTimeout(FIRST_BYTES_TIMEOUT_MS, onSilence);
    socket.on('close', () => waiting.delete(socket));
    sniff(socket, (first) => {
      socket.removeListener('timeout', onSilence);
      socket.setTimeout(0);
      if (first !== TLS_HANDSHAKE) {
        socket.removeListener('error', ignore);
        waiting.delete(socket);
        toHttp(socket);
        return;
      }
      // TLS connections are never half open.
      socket.allowHalfOpen = false;
      // The first one may wait for the certificate to be made: a reset meanwhile is ignored.
      tls().then(
        (s) => {
          socket.removeListener('error', ignore);
          if (!socket.destroyed) s.emit('connection', socket);
        },
        (err) => {
          log.error({ err }, 'no TLS certificate: closing an https connection');
          socket.destroy();
        },
      );
    });
  });
}

/** Calls `then` with the connection's first byte, the bytes read put back for whoever reads next. */
function sniff(socket: Socket, then: (first: number) => void): void {
  const data = socket.read() as Buffer | null;
  if (data === null) {
    socket.once('readable', () => sniff(socket, then));
    return;
  }
  socket.unshift(data);
  then(data[0]);
}

function ignore(): void {}

function onSilence(this: Socket): void {
  this.destroy();
}

/** A TLS server that never listens: it only takes the connections sniffed as TLS. */
async function makeTlsServer(
  certificates: TlsCertificates,
  log: Logger,
  onSecure: (socket: TLSSocket) => void,
): Promise<TlsServer> {
  const fallback = await certificates.defaultCertificate();
  const contexts = new Map<string, SecureContext | undefined>();
  const server = createTlsServer({
    ...fallback,
    // Browsers ask for h2 first; the app speaks HTTP/1.1.
    ALPNProtocols: ['http/1.1'],
    handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    SNICallback: (servername, done) => {
      try {
        if (!contexts.has(servername)) {
          const own = certificates.certificateFor?.(servername);
          contexts.set(servername, own ? createSecureContext(own) : undefined);
        }
        // undefined: the server's default certificate.
        done(null, contexts.get(servername));
      } catch (err) {
        log.warn({ err, servername }, 'TLS: the certificate for this name cannot be used');
        done(null, undefined);
      }
    },
  });
  server.on('secureConnection', onSecure);
  // A client that sends garbage after a handshake byte, or gives up: its socket is destroyed.
  server.on('tlsClientError', (err, socket) => {
    log.debug({ err: err.message }, 'TLS handshake failed');
    socket.destroy();
  });
  return server;
}
