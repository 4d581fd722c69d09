import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { BRAT_CONF_HEADER, bratFragments, bratNames, bratTargetProblem, exportBrat, safeSegment } from '../../src/core/exportBrat';
import { CodePoints, textWithoutMarkup } from '../../src/core/textWithoutMarkup';
import { RegistryStore } from '../../src/core/registry';
import { arbitraryRegistry, taggedDocument } from './taggedTextArbitrary';

interface TLine {
  id: string;
  type: string;
  fragments: [number, number][];
  text: string;
}

/** The T lines of a .ann, checking each line's shape. */
function tLines(ann: string): TLine[] {
  const out: TLine[] = [];
  for (const line of ann.split('\n')) {
    if (!line.startsWith('T')) continue;
    const m = /^(T\d+)\t(\S+) ((?:\d+ \d+;)*\d+ \d+)\t(.*)$/.exec(line);
    assert.ok(m, `a T line: ${JSON.stringify(line)}`);
    out.push({ id: m[1], type: m[2], fragments: m[3].split(';').map((f) => f.split(' ').map(Number) as [number, number]), text: m[4] });
  }
  return out;
}

/** What brat does with a T line: slices the text by code points (Python str), joins fragments with a space. */
function bratText(txt: string, fragments: readonly [number, number][]): string {
  const points = Array.from(txt);
  return fragments.map(([s, e]) => points.slice(s, e).join('')).join(' ');
}

function file(files: { path: string; content: string }[], path: string): string {
  const f = files.find((x) => x.path === path);
  assert.ok(f, `${path} is written; got ${files.map((x) => x.path).join(', ')}`);
  return f.content;
}

const REGISTRY = arbitraryRegistry();

describe('brat export', () => {
  it('property: the .txt is the text without markup and every T line points at its text, in code points (emoji, Arabic, nested tags, escapes)', () => {
    fc.assert(
      fc.property(taggedDocument, (doc) => {
        const { files } = exportBrat([{ path: 'doc.md', text: doc.source }], { registry: REGISTRY });
        if (doc.tags.length === 0) {
          assert.equal(files.length, 3, 'only the conf files: no claims or events');
          return;
        }
        const txt = file(files, 'doc.txt');
        assert.equal(txt, doc.plain);
        const ann = file(files, 'doc.ann');
        const lines = tLines(ann);
        const length = Array.from(txt).length;
        for (const t of lines) {
          let last = -1;
          for (const [s, e] of t.fragments) {
            assert.ok(s >= 0 && s < e && e <= length && s >= last, `fragments in order inside the text: ${JSON.stringify(t)}`);
            last = e;
            assert.ok(!/[\n\r\u2028\u2029\x85]/.test(Array.from(txt).slice(s, e).join('')), 'no fragment crosses a line break');
          }
          assert.equal(bratText(txt, t.fragments), t.text, `${t.id} text as brat reads it`);
        }
        // The tags, in document order: each trigger covers exactly the tag's content.
        const triggers = lines.filter((t) => t.type === 'Claim' || t.type === 'agree');
        const expected = doc.tags.filter((t) => t.plain.replace(/\n/g, '') !== '');
        assert.equal(triggers.length, expected.length);
        triggers
          .slice()
          .sort((a, b) => a.fragments[0][0] - b.fragments[0][0] || b.fragments[b.fragments.length - 1][1] - a.fragments[a.fragments.length - 1][1])
          .forEach((t, k) => {
            assert.equal(
              t.text,
              expected[k].plain
                .split('\n')
                .filter((x) => x !== '')
                .join(' '),
            );
          });
        // Mentions: their text is a registry name (white space as written).
        for (const t of lines.filter((x) => x.type === 'State' || x.type === 'Person' || x.type === 'Place')) {
          // (Arabic-script diacritics are not part of a name: the matcher reads past them.)
          assert.match(t.text.replace(/\s+/g, ' ').replace(/\p{M}/gu, ''), /^(Iran|ایران|Ali Larijani|علی لاریجانی|Larijani|Baghdad|بغداد)$/iu);
        }
        // Every E line names a trigger and arguments that exist; nothing but an E line refers to
        // a trigger (brat refuses the document otherwise: TriggerReferenceError).
        const ids = new Set(lines.map((t) => t.id));
        const triggerIds = new Set<string>();
        for (const line of ann.split('\n').filter((l) => l.startsWith('E'))) {
          const [id, body] = line.split('\t');
          ids.add(id);
          triggerIds.add(body.split(' ')[0].split(':')[1]);
          for (const part of body.split(' ')) assert.ok(ids.has(part.split(':')[1]), `${line}: ${part}`);
        }
        for (const line of ann.split('\n').filter((l) => /^[AN#]/.test(l))) {
          const target = line.split('\t')[1].split(' ')[1];
          assert.ok(ids.has(target) && !triggerIds.has(target), `${line}: refers to an annotation, not a trigger`);
        }
      }),
      { numRuns: 300, seed: 20261203 }, // a fixed seed in npm test: the same cases on every machine (npm run fuzz explores)
    );
  });

  it('counts offsets in code points: an emoji is one, Arabic letters and marks one each', () => {
    const text = '😀👍🏽 [علیٌ لاریجانی]{.claim #c0019 by=ali-larijani} said [Iran 🇮🇷 agreed]{.event #e0019 type=agree actors=iran}.';
    const { files } = exportBrat([{ path: 'a.txt', text }], { registry: REGISTRY });
    const txt = file(files, 'a.txt');
    assert.equal(txt, '😀👍🏽 علیٌ لاریجانی said Iran 🇮🇷 agreed.');
    const lines = tLines(file(files, 'a.ann'));
    const claim = lines.find((t) => t.type === 'Claim')!;
    // 😀 (1) 👍 (1) 🏽 (1) space (1): the claim starts at code point 4, not UTF-16 unit 7.
    assert.deepEqual(claim.fragments, [[4, 17]]);
    assert.equal(claim.text, 'علیٌ لاریجانی');
    const event = lines.find((t) => t.type === 'agree')!;
    assert.deepEqual(event.fragments, [[23, 37]]);
    assert.equal(bratText(txt, event.fragments), 'Iran 🇮🇷 agreed');
  });

  it('writes E lines with role arguments, A lines for grades, N lines to Wikidata and notes', () => {
    const text = [
      'Ali Larijani spoke in Baghdad.',
      '[Iran will talk]{.event #e1x9 type=agree actors="iran ali-larijani" targets=nobody place=baghdad date=2025-08-11}',
      '[We agree]{.claim #c1x9 by=ali-larijani about=iran confidence=likely reliability=B credibility=2}',
      '',
    ].join('\n');
    const { files, tags } = exportBrat([{ path: 'notes/x.md', text }], { registry: REGISTRY });
    assert.equal(tags.length, 2);
    const ann = file(files, 'notes/x.ann');
    const lines = ann.trimEnd().split('\n');
    assert.deepEqual(
      lines.filter((l) => l.startsWith('T')),
      ['T1\tPerson 0 12\tAli Larijani', 'T2\tPlace 22 29\tBaghdad', 'T3\tagree 31 45\tIran will talk', 'T4\tState 31 35\tIran', 'T5\tClaim 46 54\tWe agree'],
    );
    assert.deepEqual(
      lines.filter((l) => l.startsWith('E')),
      ['E1\tagree:T3 Actor:T4 Actor2:T1 Place:T2', 'E2\tClaim:T5 Claimant:T1 About:T4'],
    );
    assert.deepEqual(
      lines.filter((l) => l.startsWith('A')),
      ['A1\tConfidence E2 likely', 'A2\tReliability E2 B', 'A3\tCredibility E2 2'],
    );
    assert.deepEqual(
      lines.filter((l) => l.startsWith('N')),
      ['N1\tReference T4 Wikidata:Q794\tIran'],
    );
    assert.ok(lines.includes('#3\tAnnotatorNotes E1\ttag e1x9; type agree; date 2025-08-11; not mentioned in the text: target nobody'), ann);
    assert.ok(lines.includes('#1\tAnnotatorNotes T1\tali-larijani'), ann);
    const conf = file(files, 'annotation.conf');
    assert.match(conf, /^\[entities\]\n\nPerson\nOrganization\nState\nPlace\nPosition\nOther\n/m);
    assert.match(conf, /^Claim\tClaimant\?:<ENTITY>, About\*:<ENTITY>$/m);
    assert.match(conf, /^agree\tActor\*:<ENTITY>, Target\*:<ENTITY>, Place\?:<ENTITY>$/m);
    assert.match(conf, /^Confidence\tArg:Claim, Value:almost-no-chance\|very-unlikely\|unlikely\|roughly-even\|likely\|very-likely\|almost-certain$/m);
    assert.match(conf, /^<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>$/m);
    assert.match(file(files, 'tools.conf'), /^Wikidata\t<URL>:https:\/\/www\.wikidata\.org\/, <URLBASE>:https:\/\/www\.wikidata\.org\/wiki\/%s$/m);
    assert.match(file(files, 'visual.conf'), /^\[labels\]/);
  });

  it('marks how a shared name was resolved and notes the candidates', () => {
    const store = new RegistryStore();
    store.setFile(
      'file:///e.yaml',
      `entities:
  - { id: ali-larijani, name: Ali Larijani, type: person, aliases: [Larijani] }
  - { id: sadegh-larijani, name: Sadegh Larijani, type: person, aliases: [Larijani], wikidata: Q1350441 }
`,
    );
    const text = 'Sadegh Larijani arrived. [Larijani said so]{.claim #c2x9 by=sadegh-larijani}\n';
    const { files } = exportBrat([{ path: 'r.txt', text }], { registry: store.build() });
    const ann = file(files, 'r.ann');
    // The claim and the mention start together: the longer span comes first.
    assert.match(ann, /^T2\tClaim 25 41\tLarijani said so$/m);
    assert.match(ann, /^T3\tPerson 25 33\tLarijani$/m);
    assert.match(ann, /^E1\tClaim:T2 Claimant:T3$/m);
    assert.match(ann, /^A1\tResolution T3 coreference$/m);
    assert.match(ann, /^#\d+\tAnnotatorNotes T3\tsadegh-larijani \(coreference\); candidates: ali-larijani \| sadegh-larijani$/m);
    assert.match(ann, /^N1\tReference T1 Wikidata:Q1350441\tSadegh Larijani\nN2\tReference T3 Wikidata:Q1350441\tSadegh Larijani$/m);
  });

  it('splits a span over line breaks into fragments; CRLF becomes LF', () => {
    const text = '[first line\r\nsecond\u2028third]{.claim #c3x9 by=iran}\r\n';
    const { files } = exportBrat([{ path: 'a.md', text }], { registry: REGISTRY });
    assert.equal(file(files, 'a.txt'), 'first line\nsecond\u2028third\n');
    assert.match(file(files, 'a.ann'), /^T1\tClaim 0 10;11 17;18 23\tfirst line second third$/m);
    const points = new CodePoints('a\nb');
    assert.deepEqual(bratFragments('a\nb', points, 0, 3), {
      fragments: [
        [0, 1],
        [2, 3],
      ],
      text: 'a b',
    });
  });

  it('gives documents safe, distinct file names', () => {
    assert.deepEqual(
      bratNames([
        'notes/a.md',
        'notes/a.txt',
        'notes/A.markdown',
        'b.md',
        'x/../../etc/passwd',
        'CON.md',
        '.hidden.md',
        'annotation.md',
        'file:///home/me/ws/z%20y.md',
        'q?:*.md',
      ]),
      ['notes/a_md', 'notes/a_txt', 'notes/A_markdown', 'b', 'x/etc/passwd', '_CON', '_hidden', 'annotation_doc', 'home/me/ws/z y', 'q___'],
    );
    assert.equal(safeSegment('trailing. '), 'trailing');
    assert.equal(safeSegment('a'.repeat(300)).length, 100);
    const { files } = exportBrat(
      [
        { path: 'n/a.md', text: '[x]{.claim #c4x9 by=iran}' },
        { path: 'n/a.txt', text: '[y]{.claim #c5x9 by=iran}' },
      ],
      { registry: REGISTRY },
    );
    assert.deepEqual(
      files.map((f) => f.path),
      ['annotation.conf', 'visual.conf', 'tools.conf', 'n/a_md.txt', 'n/a_md.ann', 'n/a_txt.txt', 'n/a_txt.ann'],
    );
  });

  it('refuses a target where it would lose or shadow a text: beside the documents, foreign files, a .txt without its .ann', () => {
    const files = [{ path: 'annotation.conf' }, { path: 'notes/a.txt' }, { path: 'notes/a.ann' }];
    const none = new Set<string>();
    assert.equal(bratTargetProblem(files, { existing: none, documentFolders: none, earlierExport: false }), undefined, 'an empty folder');
    assert.match(
      bratTargetProblem(files, { existing: none, documentFolders: new Set(['notes']), earlierExport: false }) ?? '',
      /notes\/a\.txt would be written beside the documents it comes from/,
    );
    assert.match(
      bratTargetProblem(files, { existing: new Set(['annotation.conf']), documentFolders: none, earlierExport: false }) ?? '',
      /annotation\.conf exists there and the folder is not an earlier brat export/,
    );
    assert.equal(
      bratTargetProblem(files, { existing: new Set(['annotation.conf', 'notes/a.txt', 'notes/a.ann']), documentFolders: none, earlierExport: true }),
      undefined,
      'an earlier export is overwritten',
    );
    assert.match(
      bratTargetProblem(files, { existing: new Set(['annotation.conf', 'notes/a.txt']), documentFolders: none, earlierExport: true }) ?? '',
      /notes\/a\.txt exists there without its \.ann/,
    );
    const conf = exportBrat([{ path: 'a.md', text: '[x]{.claim #c7x9 by=iran}' }]).files[0];
    assert.ok(conf.content.startsWith(BRAT_CONF_HEADER + '\n'));
  });

  it('keeps the plain text of markup it cannot read as written', () => {
    const broken = 'Before [open tag]{.claim #c6x9 by="iran\n\nafter';
    assert.equal(textWithoutMarkup(broken).text, broken);
  });
});
