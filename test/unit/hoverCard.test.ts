import { strict as assert } from 'node:assert';
import { makePartialDate } from '../../src/core/dates';
import { DocumentDateResult, findDocumentDate } from '../../src/core/documentDate';
import {
  buildHoverCard,
  CARD_COMMANDS,
  claimsBy,
  cleanText,
  commandUri,
  describePeriod,
  escapeMarkdown,
  groupRoles,
  HoverCardInput,
  safeHttpUrl,
} from '../../src/core/hoverCard';
import { parseMarkup } from '../../src/core/markup';
import { Registry, RegistryStore } from '../../src/core/registry';
import type { Entity, PartialDate, Role } from '../../src/core/types';

const REGISTRY = `entities:
  - id: ali-larijani
    name: Ali Larijani
    type: person
    aliases: [Larijani, علی لاریجانی]
    summary: Iranian politician and former parliament speaker.
    roles:
      - title: Speaker of the Parliament of Iran
        of: iran-parliament
        from: 2008-05-28
        to: 2020-05-28
      - title: Secretary of the Supreme National Security Council
        of: iran-snsc
        from: 2025-08-05
      - title: Adviser to the Supreme Leader
        from: 2020-06
        to: 2025-08
      - title: Member of the Expediency Council
    affiliations: [iran, atlantis]
    links: [https://en.wikipedia.org/wiki/Ali_Larijani]
    tags: [iran-government]
  - id: iran
    name: Iran
    type: state
  - id: iran-snsc
    name: Supreme National Security Council
    type: organization
  - id: iran-parliament
    name: Islamic Consultative Assembly
    type: organization
  - id: baghdad
    name: Baghdad
    type: place
`;

function load(yaml: string): Registry {
  const store = new RegistryStore();
  store.setFile('file:///ws/entities.yaml', yaml);
  return store.build();
}

const registry = load(REGISTRY);
const larijani = registry.entities.get('ali-larijani')!;
const lookup = (id: string) => registry.entities.get(id);

function date(text: string): PartialDate {
  const [y, m, d] = text.split('-').map(Number);
  return makePartialDate(y, m, d)!;
}

function dated(text: string, source: DocumentDateResult['source'] = 'dated-line'): DocumentDateResult {
  return { date: date(text), source, line: source === 'today' ? undefined : 0 };
}

/** The text a Markdown renderer shows for escaped text: escapes and the four references undone. */
function shown(markdown: string): string {
  return markdown
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#36;/g, '$')
    .replace(/&amp;/g, '&');
}

function card(overrides: Partial<HoverCardInput> & { date: DocumentDateResult }): string {
  return buildHoverCard({ entity: larijani, lookup, ...overrides });
}

/** Index of `needle` in `haystack`, failing when absent. */
function at(haystack: string, needle: string): number {
  const i = haystack.indexOf(needle);
  assert.ok(i >= 0, `expected to find ${JSON.stringify(needle)} in:\n${haystack}`);
  return i;
}

/** Every link destination `](…)` of the card. */
function destinations(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]*)/g)].map((m) => m[1]);
}

const OUR_COMMAND_LINK = new RegExp(
  `^command:(?:${Object.values(CARD_COMMANDS)
    .map((c) => c.replace(/\./g, '\\.'))
    .join('|')})\\?`,
);

describe('hoverCard', () => {
  describe('roles and the document date', () => {
    it('lists the role held on 12 Aug 2025 first, marked as held on that date', () => {
      const md = shown(card({ date: findDocumentDate('Publish Date : 12 August 2025\nIran’s SNSC…\n') }));
      const held = at(md, 'Held on 12 Aug 2025');
      const secretary = at(md, 'Secretary of the Supreme National Security Council');
      const earlier = at(md, '**Earlier**');
      assert.ok(held < secretary && secretary < earlier, md);
      assert.ok(at(md, 'Speaker of the Parliament of Iran') > earlier);
      // `to: 2025-08` covers all of August: still held on the 12th, listed after the newer role.
      assert.ok(secretary < at(md, 'Adviser to the Supreme Leader') && at(md, 'Adviser to the Supreme Leader') < earlier);
      assert.match(md, /since 5 Aug 2025/);
      assert.match(md, /28 May 2008 – 28 May 2020/);
      assert.match(md, /Document date: 12 Aug 2025 \(from line 1: “Publish Date : 12 August 2025”\)/);
      assert.ok(at(md, '$(calendar) Document date:') < held, 'the date comes right before the roles it selects');
    });

    it('selects a different role for a document dated 2019 (front matter) and lists the later ones', () => {
      const md = shown(card({ date: findDocumentDate('---\ntitle: x\ndate: 2019-03-01\n---\nLarijani said…\n') }));
      const held = at(md, 'Held on 1 Mar 2019');
      const speaker = at(md, 'Speaker of the Parliament of Iran');
      const later = at(md, '**Later**');
      assert.ok(held < speaker && speaker < later, md);
      // Later roles soonest first: the adviser role (2020-06) before the secretary (2025-08-05).
      assert.ok(at(md, 'Adviser to the Supreme Leader') < at(md, 'Secretary of the Supreme National Security Council'));
      assert.ok(!md.includes('**Earlier**'));
      assert.match(md, /Document date: 1 Mar 2019 \(from front matter, line 3: “date: 2019-03-01”\)/);
    });

    it('judges partial dates by overlap: a role ending 2025-08 still counts in August 2025', () => {
      const md = shown(card({ date: dated('2025-08') }));
      const held = at(md, 'Held in Aug 2025');
      const earlier = at(md, '**Earlier**');
      assert.ok(held < at(md, 'Adviser to the Supreme Leader') && at(md, 'Adviser to the Supreme Leader') < earlier, md);
      assert.ok(held < at(md, 'Secretary of the Supreme National Security Council') && at(md, 'Secretary of the Supreme National Security Council') < earlier);
      assert.match(md, /Jun 2020 – Aug 2025/);
    });

    it('says "held in 2008" for a year-only date', () => {
      const md = shown(card({ date: { date: makePartialDate(2008)!, source: 'front-matter', line: 1, text: '2008' } }));
      assert.ok(at(md, 'Held in 2008') < at(md, 'Speaker of the Parliament of Iran'));
    });

    it('says when no role was held on the date, and keeps undated roles apart', () => {
      const md = shown(card({ date: dated('2000-01-01') }));
      assert.match(md, /_No known role held on 1 Jan 2000\._/);
      assert.ok(at(md, '**Later**') < at(md, 'Speaker of the Parliament of Iran'));
      assert.ok(at(md, '**Undated**') < at(md, 'Member of the Expediency Council'));
      assert.match(md, /Member of the Expediency Council\*\* · dates unknown/);
    });

    it('handles an entity without roles', () => {
      const md = shown(buildHoverCard({ entity: registry.entities.get('baghdad')!, lookup, date: dated('2025-08-12') }));
      assert.match(md, /^\$\(location\) \*\*Baghdad\*\* · place · `baghdad`/);
      assert.match(md, /_No roles in the registry\._/);
      assert.ok(!md.includes('Held'));
    });

    it('says when the date is today, in documents and in the registry', () => {
      const today = { date: date('2026-11-21'), source: 'today' as const };
      assert.match(shown(card({ date: today })), /Document date: 21 Nov 2026 \(today: no date found in the document\)/);
      assert.match(shown(card({ date: today, dateContext: 'registry' })), /Date: 21 Nov 2026 \(today: hovering in the registry\)/);
    });

    it('groups and orders roles relative to the date', () => {
      const r = (title: string, from?: string, to?: string): Role => ({ title, from: from ? date(from) : undefined, to: to ? date(to) : undefined });
      const roles = [
        r('a', '2001', '2003'),
        r('b', '2010'),
        r('c', undefined, '2005'),
        r('d', '2004-02', '2006'),
        r('e'),
        r('f', '2030'),
        r('g', '2028-01-01'),
      ];
      const g = groupRoles(roles, date('2020-01-01'));
      assert.deepEqual(
        g.held.map((x) => x.title),
        ['b'],
      );
      assert.deepEqual(
        g.earlier.map((x) => x.title),
        ['d', 'c', 'a'],
      );
      assert.deepEqual(
        g.later.map((x) => x.title),
        ['g', 'f'],
      );
      assert.deepEqual(
        g.undated.map((x) => x.title),
        ['e'],
      );
      assert.equal(describePeriod(r('x', '2004-02', '2006')), 'Feb 2004 – 2006');
      assert.equal(describePeriod(r('x', undefined, '2005')), 'until 2005');
    });
  });

  describe('affiliations, aliases, links, mentions and claims', () => {
    it('resolves affiliations and role organisations to names and types, and flags unknown ids', () => {
      const md = card({ date: dated('2025-08-12') });
      const text = shown(md);
      assert.match(
        text,
        /\*\*Affiliations:\*\* \$\(globe\) \[Iran\]\(command:analystMarkup\.openEntity\?%5B%22iran%22%5D "Open in the registry"\) \(state\), atlantis _\(unknown entity\)_/,
      );
      assert.match(
        text,
        /Secretary of the Supreme National Security Council\*\* — \$\(organization\) \[Supreme National Security Council\]\([^)]*\) \(organization\)/,
      );
      const plain = shown(card({ date: dated('2025-08-12'), commandLinks: false }));
      assert.match(plain, /\*\*Affiliations:\*\* \$\(globe\) Iran \(state\), atlantis _\(unknown entity\)_/);
      assert.deepEqual(destinations(plain), ['https://en.wikipedia.org/wiki/Ali_Larijani']);
    });

    it('lists aliases (not the name), tags, the summary and http links', () => {
      const md = shown(card({ date: dated('2025-08-12') }));
      assert.match(md, /\*\*Also known as:\*\* Larijani, علی لاریجانی/);
      assert.match(md, /\*\*Tags:\*\* iran-government/);
      assert.match(md, /Iranian politician and former parliament speaker\./);
      assert.match(md, /\[en\.wikipedia\.org\/wiki\/Ali_Larijani\]\(https:\/\/en\.wikipedia\.org\/wiki\/Ali_Larijani\)/);
    });

    it('counts mentions in the document', () => {
      assert.match(card({ date: dated('2025-08-12'), mentionCount: 3 }), /Mentioned 3 times in this document/);
      assert.match(card({ date: dated('2025-08-12'), mentionCount: 1 }), /Mentioned once in this document/);
      assert.match(card({ date: dated('2025-08-12'), mentionCount: 0 }), /Not mentioned in this document/);
      assert.ok(!card({ date: dated('2025-08-12') }).includes('in this document'));
    });

    it('lists the claims the entity makes in the document, with excerpts', () => {
      const text = [
        'Publish Date : 12 August 2025',
        'Intro.',
        '[“We do not oppose [Iran and Iraq signed]{.event #e1 type=agree actors="iran iraq"} cooperation \\[sic\\]”]{.claim #c91x by=ali-larijani confidence=likely about="iran baghdad"}',
        '[Baghdad is calm]{.claim #c2 by=iran}',
        '[Talks will\ncontinue]{.claim by=ali-larijani}',
      ].join('\n');
      const claims = claimsBy(text, parseMarkup(text).spans, 'ali-larijani');
      assert.deepEqual(
        claims.map((c) => [c.id, c.line, c.excerpt, c.confidence, c.about]),
        [
          ['c91x', 2, '“We do not oppose Iran and Iraq signed cooperation [sic]”', 'likely', ['iran', 'baghdad']],
          [undefined, 4, 'Talks will continue', undefined, []],
        ],
      );
      const md = shown(card({ date: findDocumentDate(text), mentionCount: 2, claims }));
      const header = at(md, '2 claims by Ali Larijani in this document');
      assert.ok(header < at(md, '- “We do not oppose Iran and Iraq signed cooperation [sic]” (line 3, #c91x, likely, about Iran, Baghdad)'));
      assert.ok(header < at(md, '- “Talks will continue” (line 5)'));
      assert.ok(!md.includes('Baghdad is calm'));
    });

    it('shortens long claim lists', () => {
      const claims = Array.from({ length: 8 }, (_, i) => ({ line: i, excerpt: `claim ${i}`, about: [] }));
      const md = shown(card({ date: dated('2025-08-12'), claims }));
      assert.match(md, /8 claims by Ali Larijani/);
      assert.match(md, /claim 4/);
      assert.ok(!md.includes('claim 5'));
      assert.match(md, /…and 3 more/);
    });

    it('links only to our own commands, with encoded arguments', () => {
      const md = card({ date: dated('2025-08-12'), mentionCount: 1 });
      for (const d of destinations(md)) assert.ok(d.startsWith('https://') || OUR_COMMAND_LINK.test(d), d);
      assert.ok(md.includes(`(${commandUri(CARD_COMMANDS.openEntity, ['ali-larijani'])} "Open the registry entry")`));
      assert.ok(md.includes(`(${commandUri(CARD_COMMANDS.findMentions, ['ali-larijani'])} "Find every mention in the workspace")`));
      assert.ok(md.includes(`(${commandUri(CARD_COMMANDS.showTimeline, [{ entity: 'ali-larijani' }])} "Its events and claims on a timeline")`));
      assert.ok(md.includes(`(${commandUri(CARD_COMMANDS.showNetwork, [{ entity: 'ali-larijani' }])} "It and its neighbours in the actor network")`));
      assert.equal(commandUri('analystMarkup.openEntity', ["a)b'(c"]), 'command:analystMarkup.openEntity?%5B%22a%29b%27%28c%22%5D');
      assert.deepEqual(JSON.parse(decodeURIComponent(commandUri('x', ["a)b'(c"]).slice('command:x?'.length))), ["a)b'(c"]);
    });
  });

  describe('untrusted registry text', () => {
    // Everything an attacker controls, through the real registry parser.
    const EVIL_YAML = `entities:
  - id: evil
    name: "**Bold** <img src=x onerror=alert(1)> [click](command:workbench.action.terminal.new) $(zap) \`code\` &amp;"
    type: person
    summary: |
      # Heading
      <script>alert(1)</script> [x](javascript:alert(1)) ![img](https://evil.example/p.png)
      <a href="command:workbench.action.openSettings">settings</a> https://autolink.example www.evil.example a@b.example
      ---
      > quote | table | \\\\ escaped \\\\[ _em_ ~strike~ $(alert)
    aliases:
      - "](command:workbench.action.quit)"
      - "<b>bold</b>"
      - "[link](javascript:void(0))"
    roles:
      - title: "<iframe src='javascript:alert(1)'> [role](command:evil.cmd)"
        from: 2020
      - title: "![pic](http://evil.example/a.png)"
        from: 2001
        to: 2002
    affiliations: [evil]
    links:
      - javascript:alert(1)
      - command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D
      - "https://ok.example/wiki/A_(b)"
      - "https://evil.example/x\\"onmouseover=\\"alert(1)"
      - data:text/html,<script>alert(1)</script>
`;
    const evilRegistry = load(EVIL_YAML);
    const parsed = evilRegistry.entities.get('evil')!;
    // The registry drops non-http links; a hand-made entity checks that the card does not rely on it.
    const evil: Entity = {
      ...parsed,
      links: [
        ...parsed.links,
        'javascript:alert(1)',
        'command:workbench.action.terminal.new',
        'JaVaScRiPt:alert(1)',
        'file:///etc/passwd',
        ' https://spaced.example/a b',
        'https://user@evil.example/',
      ],
      tags: ['<tag>', '[t](command:x)'],
    };
    const evilLookup = (id: string) => evilRegistry.entities.get(id);
    const claims = [
      { id: 'c1)](command:evil', line: 0, excerpt: '[x](command:workbench.action.quit) <b>hi</b> $(zap)', confidence: '<i>likely</i>', about: ['evil', '<x>'] },
    ];
    const md = buildHoverCard({ entity: evil, lookup: evilLookup, date: dated('2025-08-12'), mentionCount: 2, claims });

    it('the registry itself loads the hostile entity', () => {
      assert.ok(parsed, 'entity loaded');
      assert.equal(parsed.roles.length, 2);
      assert.equal(parsed.aliases.length, 3);
    });

    it('has no raw HTML, no unescaped markup and no foreign icons', () => {
      assert.ok(!/[<>]/.test(md), `raw < or > in:\n${md}`);
      assert.ok(!md.includes('$(zap)') && !md.includes('$(alert)'));
      assert.ok(!md.includes('javascript:'), 'javascript: only escaped');
      assert.ok(!/command:(?!analystMarkup\.(?:openEntity|findMentions|showTimeline|showNetwork)\?)/.test(md), 'only our command links');
      assert.ok(!/https?:\/\//.test(md.replace(/\]\(https:\/\/[^)\s]*\)/g, '')), 'no bare autolinks');
      assert.ok(!md.includes('www.evil'), 'www autolink broken by escaping');
      assert.ok(!md.includes('a@b.example'), 'email autolink broken by escaping');
      for (const line of md.split('\n')) assert.ok(!/^\s*(?:#|>|<|\||!\[|[*+] )/.test(line), line);
    });

    it('links only to http(s) URLs and our own commands', () => {
      const links = destinations(md);
      const web = links.filter((d) => !OUR_COMMAND_LINK.test(d));
      assert.deepEqual(web, ['https://ok.example/wiki/A_%28b%29', 'https://evil.example/x%22onmouseover=%22alert%281%29']);
      for (const d of links) assert.ok(!/[\s"'<>()]/.test(d), d);
    });

    it('shows every untrusted text as itself, escaped', () => {
      const text = shown(md);
      assert.ok(text.includes(cleanText(parsed.name)));
      assert.ok(text.includes(cleanText(parsed.summary!)));
      for (const alias of parsed.aliases) assert.ok(text.includes(alias.text), alias.text);
      for (const role of parsed.roles) assert.ok(text.includes(role.title), role.title);
      assert.ok(text.includes('javascript:alert(1) _(not a web link: not opened)_'));
      assert.ok(text.includes('command:workbench.action.terminal.new _(not a web link: not opened)_'));
      assert.ok(text.includes('file:///etc/passwd _(not a web link: not opened)_'));
      assert.ok(text.includes('https://user@evil.example/ _(not a web link: not opened)_'));
      assert.ok(text.includes('<tag>, [t](command:x)'));
      assert.ok(text.includes('“[x](command:workbench.action.quit) <b>hi</b> $(zap)” (line 1, #c1)](command:evil, <i>likely</i>, about '));
    });

    it('escapes every Markdown and HTML special character', () => {
      const all = '\\`*_{}[]()#+-.!|<>&$:~"\'=?@^,;/%';
      const escaped = escapeMarkdown(all);
      assert.equal(shown(escaped), all);
      const bare = escaped.replace(/\\[!-/:-@[-`{-~]/g, '').replace(/&(?:lt|gt|amp|#36);/g, '');
      assert.equal(bare, '');
      assert.equal(escapeMarkdown('a\nb\r\n\tc\u0000d\u2028e'), 'a b c d e');
      assert.equal(escapeMarkdown('abcdef', 4), 'abc…');
      assert.equal(escapeMarkdown('علی لاریجانی'), 'علی لاریجانی');
    });

    it('accepts only http(s) URLs as links', () => {
      assert.equal(safeHttpUrl('https://en.wikipedia.org/wiki/Hezbollah_(disambiguation)'), 'https://en.wikipedia.org/wiki/Hezbollah_%28disambiguation%29');
      assert.equal(safeHttpUrl('HTTP://example.org/a?b=c#d'), 'HTTP://example.org/a?b=c#d');
      assert.equal(safeHttpUrl('https://fa.wikipedia.org/wiki/علی'), 'https://fa.wikipedia.org/wiki/%D8%B9%D9%84%DB%8C');
      for (const bad of [
        'javascript:alert(1)',
        'command:x',
        'data:text/html,x',
        'file:///etc',
        'vscode://x',
        'https://',
        'https:///x',
        'https://a b',
        'https://u@h/',
        '//evil.example',
        'https:\\\\evil',
      ]) {
        assert.equal(safeHttpUrl(bad), undefined, bad);
      }
    });
  });
});
