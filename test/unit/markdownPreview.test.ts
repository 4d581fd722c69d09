// The Markdown preview plugin (core/markdownPreview.ts) through markdown-it, as VS Code's preview
// runs it: tags become titled spans without their braces, mentions are wrapped as the editor
// highlights them, and registry or document text never reaches the HTML unescaped.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt = require('markdown-it');
import { analystMarkupPreview } from '../../src/core/markdownPreview';
import { Registry, RegistryStore } from '../../src/core/registry';

const ROOT = join(__dirname, '..', '..', '..');

function demoRegistry(): Registry {
  const store = new RegistryStore();
  store.setFile('file:///demo/entities.yaml', readFileSync(join(ROOT, 'demo', 'entities.yaml'), 'utf8'));
  for (const f of readdirSync(join(ROOT, 'demo', 'entities')))
    store.setFile(`file:///demo/entities/${f}`, readFileSync(join(ROOT, 'demo', 'entities', f), 'utf8'));
  return store.build();
}

function registryOf(yaml: string): Registry {
  const store = new RegistryStore();
  store.setFile('file:///entities.yaml', yaml);
  return store.build();
}

function render(registry: Registry | undefined, text: string): string {
  // VS Code's preview: html allowed, linkify on; the plugin is all we add.
  const md = analystMarkupPreview(new MarkdownIt({ html: true, linkify: true }), { registry: () => registry, now: () => new Date('2025-08-20T00:00:00Z') });
  return md.render(text);
}

/** The opening tags of `class` in the HTML, as [title, inner text up to the next tag]. */
function spans(html: string, cls: string): [string, string][] {
  const out: [string, string][] = [];
  const re = new RegExp(`<span class="[^"]*\\b${cls}\\b[^"]*" title="([^"]*)"[^>]*>([^<]*)`, 'g');
  for (let m = re.exec(html); m; m = re.exec(html)) out.push([m[1], m[2]]);
  return out;
}

describe('Markdown preview plugin', () => {
  const registry = demoRegistry();

  it('renders the demo note: no raw attribute blocks, every tag a titled span', () => {
    const note = readFileSync(join(ROOT, 'demo', 'notes', '2025-08-larijani-tour.md'), 'utf8');
    const html = render(registry, note);
    assert.doesNotMatch(html, /\{\.(claim|event|ref)\b/, 'an attribute block was rendered as text');
    const claims = spans(html, 'analyst-markup-claim');
    const events = spans(html, 'analyst-markup-event');
    const tagsInNote = (note.match(/\]\{\.(claim|event)\b/g) ?? []).length;
    assert.equal(claims.length + events.length, tagsInNote);
    const c91 = claims.find(([title]) => title.includes('#c91xm'));
    assert.ok(c91, 'claim c91xm');
    assert.equal(
      c91[0],
      'Claim by Ali Larijani · about: Iraq, Iran · confidence: likely · source reliability: B (Usually reliable) · information credibility: 2 (Probably true) · date: 2025-08-12 · #c91xm',
    );
    const e7 = events.find(([title]) => title.includes('#e7k2q'));
    assert.ok(e7);
    assert.match(e7[0], /^Event: agree \(Agree to[^)]*\) · actors: Iran, Iraq · date: 2025-08-11 · place: Baghdad · #e7k2q$/);
  });

  it('highlights mentions with the entity type and who is meant, as the editor resolves them', () => {
    const note = readFileSync(join(ROOT, 'demo', 'notes', '2025-08-larijani-tour.md'), 'utf8');
    const html = render(registry, note);
    assert.ok(spans(html, 'analyst-markup-person').some(([title, text]) => title === 'Ali Larijani (person)' && text === 'Larijani'));
    assert.ok(spans(html, 'analyst-markup-state').some(([title, text]) => title === 'United States (state)' && text === 'Washington'));
    // An office resolved to its holder on the note's date (2025-08-14).
    assert.ok(
      spans(html, 'analyst-markup-office').some(
        ([title, text]) => text === 'SNSC secretary' && title === 'Ali Larijani (person), as Secretary of the Supreme National Security Council',
      ),
    );
    // An ambiguous name says so.
    assert.ok(spans(html, 'analyst-markup-ambiguous').some(([title, text]) => text === 'Salam' && title === 'Ambiguous: Nawaf Salam or Tammam Salam'));
    // Mentions inside tags are highlighted too (the event nested in a claim included).
    assert.match(
      html,
      /data-tag-id="e2h9k">the <span class="analyst-markup-mention analyst-markup-state" title="United States \(state\)" data-entity="united-states">United States<\/span> did<\/span>/,
    );
  });

  it('renders links: .ref as a mention of its target, to=none as plain text', () => {
    const reg = registryOf(`entities:
  - { id: ali-larijani, name: Ali Larijani, type: person, aliases: [Larijani] }
  - { id: sadegh-larijani, name: Sadegh Larijani, type: person, aliases: [Larijani] }
`);
    const html = render(reg, 'Then [Larijani]{.ref to=sadegh-larijani} spoke, and [Larijani]{.ref to=none} the street name.\n');
    assert.equal(
      html,
      '<p>Then <span class="analyst-markup-mention analyst-markup-person analyst-markup-linked" title="Sadegh Larijani (linked)">Larijani</span> spoke, and ' +
        '<span class="analyst-markup-not-entity" title="Not an entity here (linked)">Larijani</span> the street name.</p>\n',
    );
  });

  it('leaves other brackets alone: links, unknown classes, code, unclosed blocks', () => {
    const html = render(registry, 'See [the site](https://example.org), [x]{.note}, `[c]{.claim by=iran}` and [open]{.claim by=iran\n');
    assert.match(html, /<a href="https:\/\/example.org">the site<\/a>/);
    assert.match(html, /\[x\]\{\.note\}/);
    assert.match(html, /<code>\[c\]\{\.claim by=iran\}<\/code>/);
    // An unclosed block is no tag: its text stays as written (a name in it is still a mention).
    assert.match(html, /\[open\]\{\.claim by=(<span [^>]*>iran<\/span>|iran)<\/p>/);
  });

  it('escapes registry and document text in titles and attributes', () => {
    const reg = registryOf(`entities:
  - { id: evil, name: "<img src=x onerror=alert(1)> \\"Q\\"", type: person, aliases: [Evil Corp] }
`);
    const html = render(reg, '[Evil Corp said so]{.claim #c1 by=evil about="x&y" date="2025\\"><script>"}\n');
    assert.doesNotMatch(html, /<img|<script/);
    assert.match(html, /title="Claim by &lt;img src=x onerror=alert\(1\)&gt; &quot;Q&quot; · about: x&amp;y · date: 2025&quot;&gt;&lt;script&gt; · #c1"/);
    assert.match(html, /title="&lt;img src=x onerror=alert\(1\)&gt; &quot;Q&quot; \(person\)"[^>]*>Evil Corp</);
  });

  it('reads nothing from the prototype: a confidence named after an Object member is just a value', () => {
    const html = render(registry, '[x]{.claim by=iran confidence=constructor reliability=toString}\n');
    assert.match(html, /title="Claim by Iran · confidence: constructor \(not an ICD 203 term\) · source reliability: toString"/);
  });

  it('without a registry (not loaded yet) renders tags and no mentions', () => {
    const html = render(undefined, '[Iran and Iraq signed]{.event #e1 type=agree actors="iran iraq"}\n');
    assert.match(
      html,
      /^<p><span class="analyst-markup-tag analyst-markup-event" title="Event: agree \(Agree to[^"]*\) · actors: iran, iraq · #e1" data-tag-id="e1">Iran and Iraq signed<\/span><\/p>\n$/,
    );
  });

  it('stays linear on hostile paragraphs (many open brackets, long attribute blocks)', () => {
    const text = '[a]{.claim by=iran '.repeat(20000) + '\n\n' + '[[[['.repeat(20000) + '\n\n' + `[x]{.claim by="${'y'.repeat(100000)}"}\n`;
    const started = Date.now();
    const html = render(registry, text);
    const ms = Date.now() - started;
    assert.ok(html.length > text.length / 2);
    assert.ok(ms < 5000, `${ms} ms`);
  });
});
