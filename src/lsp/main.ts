// `analyst-markup lsp`: the language server over stdio, or on a TCP port of 127.0.0.1
// (`--socket PORT`: the server listens, one client connects). Loaded by the CLI only for `lsp`
// (esbuild.mjs bundles it into dist/lsp.js), so the other commands never read its code.

import * as net from 'node:net';
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { AnalystMarkupServer } from './server';

export interface ServerOptions {
  /** Listen on 127.0.0.1:PORT instead of stdio. */
  socket?: number;
  stderr?: (text: string) => void;
}

/** Starts the server; resolves once it listens (stdio: at once). It exits with its client. */
export function startServer(options: ServerOptions = {}): Promise<void> {
  const stderr = options.stderr ?? ((text: string) => process.stderr.write(text));
  // stdout carries the protocol: nothing else may write to it.
  console.log = (...args: unknown[]) => stderr(`${args.map(String).join(' ')}\n`);
  if (options.socket === undefined) {
    const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
    new AnalystMarkupServer(connection).listen();
    return Promise.resolve();
  }
  const port = options.socket;
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => {
      server.close(); // one client: the server ends with it
      const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(socket), new StreamMessageWriter(socket));
      new AnalystMarkupServer(connection).listen();
    });
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      stderr(`analyst-markup lsp: listening on 127.0.0.1:${port}\n`);
      resolve();
    });
  });
}
