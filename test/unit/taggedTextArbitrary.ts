// Random tagged documents for property tests of the exports: plain pieces in Latin, Arabic and
// Persian script with emoji, combining marks, CRLF and brackets, wrapped in nested claims and
// events (tagged text coded with escapeTaggedText, as the tagging commands write it). Each
// document comes with the text a reader sees (markup removed, line ends as LF) and every tag's
// plain content, computed independently of src/core/plainText.ts.
import fc from 'fast-check';
import { escapeTaggedText } from '../../src/core/markup';
import { RegistryStore } from '../../src/core/registry';

export const ARBITRARY_REGISTRY_YAML = `entities:
  - id: iran
    name: Iran
    type: state
    wikidata: Q794
    aliases: [ایران]
  - id: ali-larijani
    name: Ali Larijani
    type: person
    aliases: [علی لاریجانی, Larijani]
  - id: baghdad
    name: Baghdad
    type: place
    aliases: [بغداد]
`;

export function arbitraryRegistry(): ReturnType<RegistryStore['build']> {
  const store = new RegistryStore();
  store.setFile('file:///entities.yaml', ARBITRARY_REGISTRY_YAML);
  return store.build();
}

/** Pieces of text: words, names (mentions), emoji, Arabic marks, line breaks, brackets. */
const PIECES = [
  'a',
  'said',
  ' ',
  ' ',
  '  ',
  '\n',
  '\r\n',
  '\n\n',
  ',',
  '.',
  '"',
  '’',
  '😀',
  '👍🏽',
  '🇮🇷',
  'é',
  'e\u0301',
  '\u064E',
  'Iran',
  'Larijani',
  'Ali Larijani',
  'Baghdad',
  'ایران',
  'علی لاریجانی',
  'بغداد',
  'گفت',
  'قال',
  '1',
];
/** Inside a tag also brackets and backslashes (escapeTaggedText codes them). */
const TAG_ONLY_PIECES = ['[', ']', '[x]', '\\', '\\[', 'a\\b'];

export interface ExpectedTag {
  id: string;
  kind: 'claim' | 'event';
  /** The tag's content as a reader sees it. */
  plain: string;
}

export interface GeneratedDocument {
  source: string;
  plain: string;
  tags: ExpectedTag[];
}

type Node = { text: string } | { kind: 'claim' | 'event'; children: Node[] };

const lf = (s: string): string => s.replace(/\r\n?/g, '\n');

/**
 * Text that stays paragraph text as Pandoc reads it (issue 17): no white space at a line's start
 * (four spaces after a blank line open an indented code block, which holds no tags), and inside a
 * tag no blank line (Pandoc ends the span at the paragraph break). Every text node starts with
 * neither, so that two neighbours cannot make one either.
 */
function asParagraphText(text: string, inTag: boolean): string {
  let s = text.replace(/(^|\n)[ \t]+/g, '$1');
  if (inTag) s = s.replace(/^(\r?\n)+/, '').replace(/\r?\n([ \t]*\r?\n)+/g, '\n');
  return s === '' ? 'a' : s;
}

function nodeArbitrary(inTag: boolean, depth: number): fc.Arbitrary<Node> {
  const text = fc
    .array(fc.constantFrom(...PIECES, ...(inTag ? TAG_ONLY_PIECES : [])), { minLength: 1, maxLength: 6 })
    .map((p) => ({ text: asParagraphText(p.join(''), inTag) }));
  if (depth >= 2) return text;
  const tag = fc.record({
    kind: fc.constantFrom<'claim' | 'event'>('claim', 'event'),
    children: fc.array(
      fc.oneof(
        text,
        fc.constant(null).chain(() => nodeArbitrary(true, depth + 1)),
      ),
      { minLength: 0, maxLength: 4 },
    ),
  });
  return fc.oneof({ weight: 2, arbitrary: text }, { weight: 1, arbitrary: tag });
}

/** Documents of top-level text and tags (nested up to two deep). */
export const taggedDocument: fc.Arbitrary<GeneratedDocument> = fc.array(nodeArbitrary(false, 0), { minLength: 1, maxLength: 8 }).map((nodes) => {
  let counter = 0;
  const tags: ExpectedTag[] = [];
  // Returns [source, plain] of a node; tags are listed in document order (a parent before its children).
  const render = (node: Node, inTag: boolean): [string, string] => {
    if ('text' in node) {
      if (!inTag) return [node.text, node.text];
      // Pandoc reads `\.` as `.` and `\\` as `\`: the tagging commands code brackets (and a
      // backslash before one) only, so a backslash before other ASCII punctuation would not
      // survive the round trip; a space keeps them apart.
      const text = node.text.replace(/\\(?=[!-/:-@\\^-`{-~])/g, '\\ ');
      return [escapeTaggedText(text), text];
    }
    const id = `${node.kind === 'claim' ? 'c' : 'e'}${(counter++).toString(36).padStart(3, '0')}9`;
    const entry: ExpectedTag = { id, kind: node.kind, plain: '' };
    tags.push(entry);
    let source = '';
    let plain = '';
    for (const child of node.children) {
      const [s, p] = render(child, true);
      // A coded piece ending in a backslash would escape a nested tag's `[`: escapeTaggedText
      // codes a trailing backslash, so pieces can be joined as they are.
      source += s;
      plain += p;
    }
    entry.plain = lf(plain);
    const attributes =
      node.kind === 'claim'
        ? 'by=ali-larijani about="iran baghdad" confidence=likely reliability=B credibility=2'
        : 'type=agree actors="iran ali-larijani" place=baghdad';
    return [`[${source}]{.${node.kind} #${id} ${attributes}}`, plain];
  };
  let source = '';
  let plain = '';
  for (const node of nodes) {
    const [s, p] = render(node, false);
    // Top-level text next to a tag: a space keeps a word from running into the tag's `[`.
    source += s;
    plain += p;
  }
  return { source, plain: lf(plain), tags };
});
