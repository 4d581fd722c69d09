import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { collectTags, spanPlainText } from '../../src/core/exportTags';
import { markdownLayout } from '../../src/core/markdownLayout';
import { CLAIM_ATTRIBUTES, EVENT_ATTRIBUTES, parseMarkup } from '../../src/core/markup';

// Issue 17: every tag the project reads is the span the real Pandoc reads — same id, classes,
// attributes and plain text — and Pandoc reads no tag-like span the project misses. Pandoc
// (Debian's `pandoc`, installed by scripts/dev.sh) reads all cases in one process: each case in
// a fenced div of its own (`::::::::: {.amcase n=K}`), front matter blanked (Pandoc would read
// it as metadata; the project skips it too). -smart: plainText keeps quotes and dashes as written.

const ROOT = join(__dirname, '..', '..', '..');
const STRUCTURAL = new Set(['unterminated-attributes', 'unterminated-quote', 'malformed-attribute']);
const OUR_KEYS = new Set<string>([...CLAIM_ATTRIBUTES, ...EVENT_ATTRIBUTES, 'to']);
const KIND_CLASSES = new Set(['claim', 'event', 'ref']);

/** Generated tricky cases: what broke on real texts, and the corners of Pandoc's reader. */
const TRICKY: string[] = [
  '[The file `a]b` leaked]{.claim #c1aa by=x}',
  'Code `[x]{.claim #c1ab by=x}` is not a tag, [this]{.claim #c1ac by=x} is.',
  '```\n[fenced]{.claim #c1ad by=x}\n```\n\n[after]{.claim #c1ae by=x}',
  '~~~~ {.python}\n[tilde]{.claim #c1af by=x}\n~~~~',
  'Unclosed\n```\n[not code]{.claim #c1ag by=x}',
  'Para\n\n    [indented code]{.claim #c1ah by=x}\n\n[text]{.claim #c1ai by=x}',
  'Para\n    [continuation, not code]{.claim #c1aj by=x}',
  '[Across\n\na blank line]{.claim #c1ak by=x}',
  '> [Quoted\n> over two lines\nand a lazy one]{.claim #c1al by=x}',
  '> > [Nested\n> quote]{.claim #c1am by=x}',
  'Not a quote\n> [here]{.claim #c1an by=x}',
  '> [a\n>\n> b]{.claim #c1ao by=x}',
  '- [item one]{.claim #c1ap by=x}\n- [item two]{.event #e1ap type=agree}',
  '1. item\n\n    [continuation]{.claim #c1aq by=x}\n\n        [code in the item]{.claim #c1ar by=x}',
  '# [A heading]{.event #e1as type=consult}\n\nText.',
  '[Iran &amp; Iraq said *no* to **the** [deal](https://example.org "t") and ~~more~~]{.claim #c1at by=iran confidence=likely}',
  '[A footnote[^1] and a note^[inline] go]{.claim #c1au by=x}\n\n[^1]: The note.',
  '[Escapes \\* \\[ \\] \\_ and C:\\\\dir\\\\]{.claim #c1av by=x}',
  '[Outer [inner]{.event #e1aw type=agree actors="iran iraq"} text]{.claim #c1aw by=x about="iran iraq"}',
  '[HTML <b>bold</b> <!-- gone --> and <https://example.org/a>]{.claim #c1ax by=x}',
  '[snake_case_name and _emph_ and f_g_h]{.claim #c1ay by=x}',
  '[Persian: علی لاریجانی گفت]{.claim #c1az by=ali-larijani}',
  '[Emoji 😀 and a “quote”]{.claim #c1ba by=x date=2025-08-12}',
  '[Larijani]{.ref to=ali-larijani} met [him]{.ref #r1aa to=none}.',
  '[two  spaces\nand a break]{.claim #c1bb by=x note="a b"}',
  '[Link [text](http://a.b/c_(d)) here]{.claim #c1bc by=x}',
  '`` code with ` tick `` and [tag]{.claim #c1bd by=x}',
  '[a `` ` `` b]{.claim #c1be by=x}',
  '[Image ![alt text](pic.png) here]{.claim #c1bf by=x}',
  '[Numeric &#39; &#x2019; entities]{.claim #c1bg by=x}',
  '[x]{#c1bh by=x}',
  '[Ends in a backslash\\\\]{.claim #c1bi by=x}',
];

/** Every tagged text of the project: the fixtures and the demo. */
function projectFiles(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (entry !== 'node_modules' && !entry.startsWith('.')) walk(path);
      } else if (/\.(md|markdown|txt)$/.test(entry)) {
        const text = readFileSync(path, 'utf8');
        if (text.includes(']{')) out.push({ name: path.slice(ROOT.length + 1), text });
      }
    }
  };
  walk(join(ROOT, 'test', 'fixtures'));
  walk(join(ROOT, 'demo'));
  return out;
}

/** The text with its front matter blanked (same length: lines kept). */
function withoutFrontMatter(text: string): string {
  const fm = markdownLayout(text).code.find(([start]) => start === 0 && text.startsWith('---'));
  return fm ? text.slice(0, fm[1]).replace(/[^\n]/g, ' ') + text.slice(fm[1]) : text;
}

type PandocNode = { t: string; c?: unknown };

/** Plain text of Pandoc inlines, iteratively (no recursion over input depth). */
function pandocPlain(inlines: PandocNode[]): string {
  let out = '';
  const stack: PandocNode[] = [...inlines].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as PandocNode;
    const c = node.c as never;
    const children = (list: PandocNode[]): void => {
      for (let k = list.length - 1; k >= 0; k--) stack.push(list[k]);
    };
    switch (node.t) {
      case 'Str':
        out += c as string;
        break;
      case 'Space':
      case 'SoftBreak':
      case 'LineBreak':
        out += ' ';
        break;
      case 'Code':
        out += (c as [unknown, string])[1];
        break;
      case 'Math':
        out += (c as [unknown, string])[1];
        break;
      case 'Emph':
      case 'Strong':
      case 'Strikeout':
      case 'Superscript':
      case 'Subscript':
      case 'SmallCaps':
      case 'Underline':
        children(c as PandocNode[]);
        break;
      case 'Span':
      case 'Link':
      case 'Image':
      case 'Quoted':
      case 'Cite':
        children((c as [unknown, PandocNode[]])[1]);
        break;
      default:
        break; // Note, RawInline: not reading text
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

interface SpanKey {
  id: string;
  classes: string[];
  attributes: [string, string][];
  text: string;
}

/** The tag-like spans in a case's blocks (Pandoc's reading). */
function pandocSpans(blocks: unknown): SpanKey[] {
  const out: SpanKey[] = [];
  const stack: unknown[] = [blocks];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (let k = v.length - 1; k >= 0; k--) stack.push(v[k]);
    } else if (v && typeof v === 'object') {
      const node = v as PandocNode;
      if (node.t === 'Span') {
        const [[id, classes, attributes], inlines] = node.c as [[string, string[], [string, string][]], PandocNode[]];
        const ours =
          classes.some((c) => KIND_CLASSES.has(c)) ||
          (classes.length === 0 && (attributes.some(([k]) => OUR_KEYS.has(k)) || /^[ce](?=[0-9a-z]*[0-9])[0-9a-z]{3,4}$/.test(id)));
        if (ours) out.push({ id, classes, attributes, text: pandocPlain(inlines) });
      }
      if (node.c !== undefined) stack.push(node.c);
    }
  }
  return out;
}

/** The project's reading: spans without structural errors, with their plain text. */
function ourSpans(name: string, text: string): SpanKey[] {
  const { spans, diagnostics } = parseMarkup(text);
  const broken = new Set(diagnostics.filter((d) => STRUCTURAL.has(d.code) && d.span !== undefined).map((d) => d.span as number));
  const layout = markdownLayout(text);
  // What the export writes, for claims and events; the same function for the other spans.
  const exported = new Map(collectTags([{ path: name, text }]).tags.map((t) => [`${t.line}:${t.column}`, t.plainText]));
  const lines = text.split('\n');
  const position = (offset: number): string => {
    let line = 0;
    let rest = offset;
    while (rest > lines[line].length) rest -= lines[line++].length + 1;
    return `${line + 1}:${rest + 1}`;
  };
  return spans
    .map((sp, k) => ({ sp, k }))
    .filter(({ k }) => !broken.has(k))
    .map(({ sp, k }) => ({
      id: sp.id ?? '',
      classes: sp.classes,
      attributes: sp.attributeList.map((a): [string, string] => [a.key, a.value]),
      text: sp.kind === 'claim' || sp.kind === 'event' ? (exported.get(position(sp.start)) ?? '(not exported)') : spanPlainText(text, spans, k, layout),
    }));
}

function key(s: SpanKey): string {
  return JSON.stringify([s.id, [...s.classes].sort(), s.attributes, s.text]);
}

function readWithPandoc(cases: { name: string; text: string }[]): SpanKey[][] {
  const doc = cases.map((c, k) => `::::::::::::::::: {.amcase n=${k}}\n${withoutFrontMatter(c.text)}\n\n:::::::::::::::::\n`).join('\n');
  const json = execFileSync('pandoc', ['-f', 'markdown-smart', '-t', 'json'], { input: doc, encoding: 'utf8', maxBuffer: 64 << 20 });
  const blocks = (JSON.parse(json) as { blocks: PandocNode[] }).blocks;
  const byCase: SpanKey[][] = cases.map(() => []);
  for (const b of blocks) {
    if (b.t !== 'Div') continue;
    const [[, classes, attributes], content] = b.c as [[string, string[], [string, string][]], unknown];
    if (!classes.includes('amcase')) continue;
    const n = Number(attributes.find(([k]) => k === 'n')?.[1]);
    byCase[n] = pandocSpans(content);
  }
  return byCase;
}

function compare(cases: { name: string; text: string }[]): number {
  const theirs = readWithPandoc(cases);
  const problems: string[] = [];
  let compared = 0;
  cases.forEach((c, k) => {
    const mine = ourSpans(c.name, c.text).map(key).sort();
    const pandoc = theirs[k].map(key).sort();
    compared += pandoc.length;
    const missing = pandoc.filter((x) => !mine.includes(x));
    const extra = mine.filter((x) => !pandoc.includes(x));
    if (missing.length > 0 || extra.length > 0)
      problems.push(`${c.name}:\n  pandoc only: ${missing.join('\n               ')}\n  ours only:   ${extra.join('\n               ')}`);
  });
  assert.deepEqual(problems, [], problems.join('\n'));
  return compared;
}

describe('tags as the real Pandoc reads them (issue 17)', function () {
  this.timeout(60_000);

  it('pandoc is installed (scripts/dev.sh installs it)', () => {
    assert.match(execFileSync('pandoc', ['--version'], { encoding: 'utf8' }), /^pandoc /);
  });

  it('every tagged fixture and demo text: the same spans, ids, classes, attributes and plain text', () => {
    const files = projectFiles();
    assert.ok(files.length >= 4, `${files.length} tagged files`);
    const compared = compare(files);
    assert.ok(compared >= 10, `${compared} spans compared`);
  });

  it('generated tricky cases: code, paragraphs, block quotes, lists, emphasis, links, entities, notes, escapes', () => {
    const cases = TRICKY.map((text, k) => ({ name: `tricky ${k}: ${JSON.stringify(text)}`, text }));
    const compared = compare(cases);
    assert.ok(compared >= 25, `${compared} spans compared`);
  });
});
