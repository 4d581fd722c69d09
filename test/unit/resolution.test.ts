// Who is meant (SPEC §9): shared names, offices on the document's date, links, front matter
// `refs:`, coreference and context, each rule on small texts, plus the registry's side of it.

import { strict as assert } from 'node:assert';
import { readFrontMatterRefs, setFrontMatterRef } from '../../src/core/frontMatterRefs';
import { applyEdits, parseMarkup } from '../../src/core/markup';
import { findMentions } from '../../src/core/mentions';
import { Registry, RegistryStore } from '../../src/core/registry';
import { explainMention, mentionResolution } from '../../src/core/resolution';
import { rankEntities } from '../../src/core/tagging';
import { checkFrontMatterRefs, registryAssistContext } from '../../src/core/markupAssist';

export const WHO_REGISTRY = `entities:
  - id: iran
    name: Iran
    type: state
  - id: iran-judiciary
    name: Judiciary of Iran
    type: organization
    aliases: [the judiciary]
  - id: iran-parliament
    name: Parliament of Iran
    type: organization
    aliases: [Majlis]
  - id: iran-snsc
    name: Supreme National Security Council
    type: organization
    aliases: [SNSC]
  - id: iran-snsc-secretary
    name: Secretary of the Supreme National Security Council
    type: position
    of: iran-snsc
    aliases: [SNSC secretary, "Iran's top security official"]
  - id: ali-larijani
    name: Ali Larijani
    type: person
    aliases: [Larijani]
    affiliations: [iran, iran-parliament]
    roles:
      - title: Speaker of the Parliament of Iran
        of: iran-parliament
        from: 2008-05-28
        to: 2020-05-28
      - post: iran-snsc-secretary
        from: 2025-08-05
  - id: sadegh-larijani
    name: Sadegh Larijani
    type: person
    aliases: [Sadegh Amoli Larijani, Larijani]
    affiliations: [iran, iran-judiciary]
    roles:
      - title: Head of the Judiciary
        of: iran-judiciary
        from: 2009-08-15
        to: 2019-03-07
  - id: ali-akbar-ahmadian
    name: Ali Akbar Ahmadian
    type: person
    aliases: [Ahmadian]
    roles:
      - post: iran-snsc-secretary
        from: 2023-05-22
        to: 2025-08-05
  - id: ali-shamkhani
    name: Ali Shamkhani
    type: person
    aliases: [Shamkhani]
    roles:
      - post: iran-snsc-secretary
        from: 2013-09-10
        to: 2023-05-22
  - id: amal-movement
    name: Amal Movement
    type: organization
    aliases: [Amal]
`;

function registry(yaml = WHO_REGISTRY): Registry {
  const store = new RegistryStore();
  store.setFile('file:///entities.yaml', yaml);
  return store.build();
}

/** `[text, entity, resolution]` of each mention. */
function who(reg: Registry, text: string): [string, string, string][] {
  return findMentions(reg, text, { now: new Date('2026-01-01T00:00:00Z') }).map((m) => [text.slice(m.start, m.end), m.entityId, mentionResolution(m)]);
}

describe('who is meant (SPEC §9)', () => {
  const reg = registry();

  describe('the registry', () => {
    it('accepts a shared alias with an information diagnostic naming every sharer', () => {
      const diagnostics = reg.diagnostics.get('file:///entities.yaml')!;
      assert.equal(reg.errorCount, 0, JSON.stringify(diagnostics.filter((d) => d.severity === 'error')));
      const shared = diagnostics.filter((d) => d.code === 'shared-name');
      assert.ok(shared.length >= 2, 'each place the shared name is written');
      assert.ok(shared.every((d) => d.severity === 'info'));
      assert.match(shared[0].message, /“Larijani” names Ali Larijani and Sadegh Larijani: mentions are resolved from context/);
    });

    it('fills a post’s title and body from the position, and indexes its holders', () => {
      const role = reg.entities.get('ali-larijani')!.roles[1];
      assert.equal(role.title, 'Secretary of the Supreme National Security Council');
      assert.equal(role.of, 'iran-snsc');
      assert.deepEqual(
        reg.holders.get('iran-snsc-secretary')!.map((h) => h.entityId),
        ['ali-larijani', 'ali-akbar-ahmadian', 'ali-shamkhani'],
      );
    });

    it('reports a post that is no position, an unknown post, a bad QID and a QID on two entities', () => {
      const bad = registry(`entities:
  - id: a
    name: Alpha Person
    type: person
    wikidata: Q42
    roles:
      - post: b
      - post: nowhere
  - id: b
    name: Beta Org
    type: organization
    wikidata: Q42
  - id: c
    name: Gamma
    type: person
    wikidata: 42
`);
      const codes = bad.diagnostics.get('file:///entities.yaml')!.map((d) => `${d.code}@${d.range.start.line + 1}`);
      assert.ok(codes.includes('invalid-post@7'), codes.join(' '));
      assert.ok(codes.includes('unknown-reference@8'), codes.join(' '));
      assert.ok(codes.includes('duplicate-wikidata@9'), codes.join(' '));
      assert.ok(codes.includes('invalid-value@16'), codes.join(' '));
    });

    it('keeps a role without title or post an error', () => {
      const bad = registry(`entities:\n  - id: a\n    name: Alpha\n    type: person\n    roles:\n      - from: 2020\n`);
      assert.ok(bad.diagnostics.get('file:///entities.yaml')!.some((d) => d.code === 'missing-field' && /`title`, or a `post`/.test(d.message)));
    });
  });

  describe('rule 1: links', () => {
    it('a link decides, also on text that is no alias, and to=none silences a hit', () => {
      const text = '[Larijani]{.ref to=sadegh-larijani} met [the Iranian envoy]{.ref to=ali-akbar-ahmadian}; [Amal]{.ref to=none} is hope.';
      assert.deepEqual(who(reg, text), [
        ['Larijani', 'sadegh-larijani', 'link'],
        ['the Iranian envoy', 'ali-akbar-ahmadian', 'link'],
      ]);
    });

    it('a link wins over front matter refs and counts as naming its entity for coreference', () => {
      const text = '---\nrefs:\n  Larijani: ali-larijani\n---\n[Larijani]{.ref to=sadegh-larijani} spoke. Larijani said.';
      const found = who(reg, text).filter(([, , r]) => r !== 'frontMatter' || true);
      assert.deepEqual(found.slice(-2), [
        ['Larijani', 'sadegh-larijani', 'link'],
        ['Larijani', 'ali-larijani', 'frontMatter'],
      ]);
    });
  });

  describe('rule 2: front matter refs', () => {
    it('maps a name for the whole document, none included', () => {
      const text = '---\ndate: 2025-08-12\nrefs: { Larijani: sadegh-larijani, Amal: none }\n---\nLarijani spoke of amal and Amal.';
      const body = who(reg, text).filter(([, , r]) => r !== 'unique');
      assert.deepEqual(body.slice(-1), [['Larijani', 'sadegh-larijani', 'frontMatter']]);
      assert.ok(!who(reg, text).some(([t, id]) => t.toLowerCase() === 'amal' && id === 'amal-movement'));
    });
  });

  describe('rule 3: coreference', () => {
    it('follows the latest earlier full mention, both ways', () => {
      assert.deepEqual(
        who(reg, 'Sadegh Larijani spoke. Later Larijani said no.').map((w) => w.slice(1)),
        [
          ['sadegh-larijani', 'unique'],
          ['sadegh-larijani', 'coreference'],
        ],
      );
      assert.deepEqual(who(reg, 'Ali Larijani spoke. Sadegh Larijani answered. Then Ali Larijani. Larijani said no.').pop(), [
        'Larijani',
        'ali-larijani',
        'coreference',
      ]);
    });

    it('an office named earlier counts as naming its holder', () => {
      const text = 'Date: 2025-08-12\nThe SNSC secretary arrived. Larijani said.';
      assert.deepEqual(who(reg, text).slice(-2), [
        ['SNSC secretary', 'ali-larijani', 'office'],
        ['Larijani', 'ali-larijani', 'coreference'],
      ]);
    });
  });

  describe('rule 4: offices on the document’s date', () => {
    it('resolves to whoever held the post on that date, with via', () => {
      const m2024 = findMentions(reg, 'Date: 2024-03-01\nIran’s top security official said.');
      const office2024 = m2024.find((m) => m.resolution === 'office')!;
      assert.equal(office2024.entityId, 'ali-akbar-ahmadian');
      assert.equal(office2024.via, 'iran-snsc-secretary');
      const m2025 = findMentions(reg, 'Date: 2025-08-12\nIran’s top security official said.');
      assert.equal(m2025.find((m) => m.resolution === 'office')!.entityId, 'ali-larijani');
    });

    it('nobody or several on the date: the position itself', () => {
      const before = findMentions(reg, 'Date: 2012-01-01\nThe SNSC secretary said.').find((m) => m.via === 'iran-snsc-secretary')!;
      assert.equal(before.entityId, 'iran-snsc-secretary');
      // 5 Aug 2025: Ahmadian's last day and Larijani's first.
      const handover = findMentions(reg, 'Date: 2025-08-05\nThe SNSC secretary said.').find((m) => m.via === 'iran-snsc-secretary')!;
      assert.equal(handover.entityId, 'iran-snsc-secretary');
    });
  });

  describe('rule 4 and the words around an office', () => {
    const office = (text: string): [string, string, string | undefined] => {
      const m = findMentions(reg, text).find((x) => /SNSC secretary|top security official/i.test(text.slice(x.start, x.end)))!;
      return [m.entityId, m.resolution ?? 'unique', m.via];
    };
    it('a holder named beside the office (apposition) decides, whatever the date', () => {
      assert.deepEqual(office('Date: 2025-08-12\nThe SNSC secretary, Ali Akbar Ahmadian, said.'), ['ali-akbar-ahmadian', 'office', 'iran-snsc-secretary']);
      assert.deepEqual(office('Date: 2025-08-12\nAli Shamkhani, a former SNSC secretary, said.'), ['ali-shamkhani', 'office', 'iran-snsc-secretary']);
    });
    it('“outgoing” and “the late” mean the holder who left last; “former” one of the earlier ones', () => {
      assert.deepEqual(office('Date: 2025-08-06\nThe outgoing SNSC secretary handed over.'), ['ali-akbar-ahmadian', 'office', 'iran-snsc-secretary']);
      assert.deepEqual(office('Date: 2025-08-06\nShamkhani spoke. The former SNSC secretary said more.'), [
        'ali-shamkhani',
        'coreference',
        'iran-snsc-secretary',
      ]);
      const [entity, resolution] = office('Date: 2025-08-06\nThe former SNSC secretary said.');
      assert.equal(resolution, 'ambiguous', 'two former holders and nothing to choose: ambiguous');
      assert.equal(entity, 'ali-akbar-ahmadian', 'the latest to leave ranks first');
    });
  });

  describe('rule 5: context', () => {
    it('affiliations and bodies mentioned in the document decide a clear winner', () => {
      const text = 'Date: 2015-05-01\nThe judiciary of Iran, said Larijani, will not bend. The judiciary spokesman agreed.';
      assert.deepEqual(
        who(reg, text).find(([t]) => t === 'Larijani'),
        ['Larijani', 'sadegh-larijani', 'context'],
      );
    });

    it('a title in the mention fits the role held on the date', () => {
      const r = registry(`entities:
  - id: michel-aoun
    name: Michel Aoun
    type: person
    aliases: [Aoun, President Aoun]
    roles:
      - { title: President of Lebanon, from: 2016-10-31, to: 2022-10-30 }
  - id: joseph-aoun
    name: Joseph Aoun
    type: person
    aliases: [Aoun, President Aoun]
    roles:
      - { title: Commander of the Lebanese Armed Forces, from: 2017-03-08, to: 2025-01-09 }
      - { title: President of Lebanon, from: 2025-01-09 }
`);
      const [m2022] = findMentions(r, 'Date: 2022-10-13\nPresident Aoun signed.').filter((m) => m.resolution !== undefined);
      assert.deepEqual([m2022.entityId, m2022.resolution], ['michel-aoun', 'context']);
      const [m2025] = findMentions(r, 'Date: 2025-03-01\nPresident Aoun signed.').filter((m) => m.resolution !== undefined);
      assert.deepEqual([m2025.entityId, m2025.resolution], ['joseph-aoun', 'context']);
    });

    it('no clear winner: ambiguous, best-ranked first, with reasons per candidate', () => {
      const text = 'Date: 2015-05-01\nLarijani spoke in Tehran.';
      const mentions = findMentions(reg, text);
      const at = mentions.findIndex((m) => text.slice(m.start, m.end) === 'Larijani');
      assert.equal(mentions[at].resolution, 'ambiguous');
      assert.deepEqual([...mentions[at].candidates!].sort(), ['ali-larijani', 'sadegh-larijani']);
      const why = explainMention(reg, text, mentions, at);
      assert.equal(why.candidates.length, 2);
      assert.ok(why.candidates.every((c) => c.reasons.length > 0));
      assert.ok(
        why.candidates.some((c) => c.reasons.some((r) => /holds a role on 1 May 2015/.test(r))),
        JSON.stringify(why.candidates),
      );
    });
  });

  it('a document with nothing to decide returns the matcher’s own mentions (no copies)', () => {
    const text = 'Ali Larijani met Ahmadian in Iran.';
    const found = findMentions(reg, text);
    assert.ok(found.every((m) => m.resolution === undefined && m.candidates === undefined));
    assert.equal(found.length, 3);
  });
});

describe('front matter refs (read and written)', () => {
  it('reads block and flow forms with quotes and comments', () => {
    const block = readFrontMatterRefs('---\ntitle: x\nrefs:\n  Larijani: sadegh-larijani # the judge\n  "Al-Sudani": none\n---\nbody');
    assert.deepEqual(
      block.refs.map((r) => [r.name, r.to]),
      [
        ['Larijani', 'sadegh-larijani'],
        ['Al-Sudani', 'none'],
      ],
    );
    const flow = readFrontMatterRefs("---\nrefs: { Larijani: 'ali-larijani', Amal: none }\n---\n");
    assert.deepEqual(
      flow.refs.map((r) => [r.name, r.to]),
      [
        ['Larijani', 'ali-larijani'],
        ['Amal', 'none'],
      ],
    );
    assert.deepEqual(readFrontMatterRefs('no front matter').refs, []);
    assert.equal(readFrontMatterRefs('---\nrefs:\n  just text\n---\n').problems.length, 1);
  });

  const cases: [string, string, string][] = [
    ['no front matter', 'Larijani said.\n', '---\nrefs:\n  Larijani: sadegh-larijani\n---\nLarijani said.\n'],
    [
      'front matter without refs',
      '---\ndate: 2025-08-12\n---\nLarijani said.\n',
      '---\ndate: 2025-08-12\nrefs:\n  Larijani: sadegh-larijani\n---\nLarijani said.\n',
    ],
    ['block refs', '---\nrefs:\n    Amal: none\n---\nx', '---\nrefs:\n    Amal: none\n    Larijani: sadegh-larijani\n---\nx'],
    ['empty block refs', '---\nrefs:\n---\nx', '---\nrefs:\n  Larijani: sadegh-larijani\n---\nx'],
    ['flow refs', '---\nrefs: { Amal: none }\n---\nx', '---\nrefs: { Amal: none, Larijani: sadegh-larijani }\n---\nx'],
    ['empty flow refs', '---\nrefs: {}\n---\nx', '---\nrefs: { Larijani: sadegh-larijani }\n---\nx'],
    ['the name already mapped', '---\nrefs:\n  larijani: ali-larijani\n---\nx', '---\nrefs:\n  larijani: sadegh-larijani\n---\nx'],
    ['CRLF and a BOM', '\uFEFFLarijani said.\r\n', '\uFEFF---\r\nrefs:\r\n  Larijani: sadegh-larijani\r\n---\r\nLarijani said.\r\n'],
  ];
  for (const [what, before, after] of cases) {
    it(`writes refs: ${what}, keeping the rest byte for byte`, () => {
      const edit = setFrontMatterRef(before, 'Larijani', 'sadegh-larijani');
      const result = applyEdits(before, [edit]);
      assert.equal(result, after);
      assert.ok(readFrontMatterRefs(result).refs.some((r) => r.name.toLowerCase() === 'larijani' && r.to === 'sadegh-larijani'));
    });
  }

  it('quotes a name YAML would misread', () => {
    const result = applyEdits('x', [setFrontMatterRef('x', 'Larijani: the elder', 'ali-larijani')]);
    assert.equal(readFrontMatterRefs(result).refs[0].name, 'Larijani: the elder');
  });
});

describe('.ref links in the markup', () => {
  it('parses a link without #id and without a diagnostic, and requires `to`', () => {
    const ok = parseMarkup('[Larijani]{.ref to=sadegh-larijani}');
    assert.equal(ok.spans[0].kind, 'ref');
    assert.deepEqual(ok.diagnostics, []);
    const missing = parseMarkup('[Larijani]{.ref}');
    assert.ok(missing.diagnostics.some((d) => d.code === 'missing-attribute' && /to=/.test(d.message)));
    const wrong = parseMarkup('[Larijani]{.ref to=x by=y}');
    assert.ok(wrong.diagnostics.some((d) => d.code === 'unknown-attribute' && /belongs to \.claim/.test(d.message)));
  });
});

describe('front matter refs and longer names', () => {
  it('a longer registry name keeps its words: “Ali Larijani” stays one mention under refs: { Larijani: … }', () => {
    const reg = (() => {
      const store = new RegistryStore();
      store.setFile('file:///entities.yaml', WHO_REGISTRY);
      return store.build();
    })();
    const text = '---\nrefs:\n  Larijani: sadegh-larijani\n---\nLarijani spoke. Ali Larijani listened. Larijani left.';
    const body = findMentions(reg, text).filter((m) => m.start > text.indexOf('---\n', 4));
    assert.deepEqual(
      body.map((m) => [text.slice(m.start, m.end), m.entityId, m.resolution ?? 'unique']),
      [
        ['Larijani', 'sadegh-larijani', 'frontMatter'],
        ['Ali Larijani', 'ali-larijani', 'unique'],
        ['Larijani', 'sadegh-larijani', 'frontMatter'],
      ],
    );
  });
});

describe('the reserved id none', () => {
  it('is a registry error: links and refs use it for “not an entity here”', () => {
    const store = new RegistryStore();
    store.setFile('file:///e.yaml', 'entities:\n  - id: none\n    name: Nobody\n    type: person\n');
    const registry = store.build();
    assert.ok(registry.diagnostics.get('file:///e.yaml')!.some((d) => d.severity === 'error' && /`none` is reserved/.test(d.message)));
    assert.equal(registry.entities.has('none'), false);
  });
});

describe('tag prompts and who is meant', () => {
  it('an ambiguous name near the selection offers every candidate as claimant', () => {
    const store = new RegistryStore();
    store.setFile('file:///entities.yaml', WHO_REGISTRY);
    const reg = store.build();
    const text = 'Date: 2025-08-12\nLarijani said the talks would go on.';
    const ranked = rankEntities([...reg.entities.keys()], findMentions(reg, text), { selection: [[17, text.length]], sentence: [], paragraph: [] });
    assert.deepEqual(
      ranked
        .filter((r) => r.proximity === 'selection')
        .map((r) => r.id)
        .sort(),
      ['ali-larijani', 'sadegh-larijani'],
    );
  });
});

describe('front matter refs are checked like tags', () => {
  it('an unknown id is an error with a suggestion, a malformed entry a warning', () => {
    const store = new RegistryStore();
    store.setFile('file:///entities.yaml', WHO_REGISTRY);
    const ctx = registryAssistContext(store.build());
    const text = '---\nrefs:\n  Larijani: sadegh-larijan\n  Amal: none\n  just words\n---\nbody';
    const found = checkFrontMatterRefs(text, ctx).map((d) => [d.code, d.severity, text.slice(d.start, d.end)]);
    assert.deepEqual(found, [
      ['unknown-entity', 'error', 'sadegh-larijan'],
      ['invalid-refs', 'warning', 'just words'],
    ]);
    assert.match(checkFrontMatterRefs(text, ctx).find((d) => d.code === 'unknown-entity')!.message, /did you mean “sadegh-larijani”/);
  });
});
