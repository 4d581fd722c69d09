// The strict XML parser the unit tests read GraphML and SVG with (sax, a dev dependency; it ships
// no types, so its small surface we use is typed here).

export interface SaxParser {
  onerror: (e: Error) => void;
  onopentag: (node: { name: string; attributes: Record<string, string> }) => void;
  ontext: (text: string) => void;
  onclosetag: (name: string) => void;
  write(text: string): SaxParser;
  close(): void;
}

export const sax = require('sax') as { parser(strict: boolean): SaxParser };
