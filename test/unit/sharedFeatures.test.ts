// The pieces both hosts (the VS Code layer and the language server) take from the core: what is
// at a position, the fixes of an ambiguous mention, the tag hover, the edit of a tag command and
// the entity card with and without VS Code's command links and codicons.

import { strict as assert } from 'node:assert';
import { documentEntityCard, registryEntityCard, withoutCodicons } from '../../src/core/entityCard';
import { mentionTargetAt, registryTargetAt, registryTargets } from '../../src/core/entityTargets';
import { findDocumentDate } from '../../src/core/documentDate';
import { applyEdits, parseMarkup } from '../../src/core/markup';
import { registryAssistContext } from '../../src/core/markupAssist';
import { findMentions } from '../../src/core/mentions';
import { parseRegistryFile, RegistryStore } from '../../src/core/registry';
import { resolutionFixes } from '../../src/core/resolutionFixes';
import { tagCommandEdits } from '../../src/core/tagCommand';
import { tagHoverAt } from '../../src/core/tagHover';
import { untagEdits } from '../../src/core/tagging';

const YAML = `entities:
  - id: ali-larijani
    name: Ali Larijani
    type: person
    aliases: [Larijani]
    affiliations: [iran]
  - id: sadegh-larijani
    name: Sadegh Larijani
    type: person
    aliases: [Larijani]
  - id: iran
    name: Iran
    type: state
`;
const store = new RegistryStore();
store.setFile('file:///w/entities.yaml', YAML);
const registry = store.build();

describe('shared features (core for the VS Code layer and the language server)', () => {
  it('entityTargets: the id or reference at an offset of a registry file, the mention at an offset of a text', () => {
    const targets = registryTargets(parseRegistryFile('file:///w/entities.yaml', YAML));
    const idAt = YAML.indexOf('ali-larijani');
    assert.deepEqual(
      registryTargetAt(targets, idAt + 3, registry.entities) && { ...registryTargetAt(targets, idAt + 3, registry.entities)!, entity: undefined },
      { entity: undefined, start: idAt, end: idAt + 12, kind: 'definition' },
    );
    const refAt = YAML.indexOf('[iran]') + 1;
    assert.equal(registryTargetAt(targets, refAt, registry.entities)?.kind, 'reference');
    assert.equal(registryTargetAt(targets, refAt, registry.entities)?.entity.id, 'iran');
    assert.equal(registryTargetAt(targets, YAML.indexOf('name: Iran'), registry.entities), undefined);
    const text = 'Ali Larijani and Iran.';
    const mentions = findMentions(registry, text);
    assert.equal(mentionTargetAt(mentions, 17, registry.entities)?.entity.id, 'iran');
    assert.equal(mentionTargetAt(mentions, 12, registry.entities)?.entity.id, 'ali-larijani'); // touching the end counts
    assert.equal(mentionTargetAt(mentions, 14, registry.entities), undefined);
  });

  it('resolutionFixes: link, refs and none for an undecided name; nothing for a decided one', () => {
    const text = 'Larijani spoke.\n';
    const mentions = findMentions(registry, text);
    const fixes = resolutionFixes(text, parseMarkup(text).spans, mentions, mentions[0], (id) => registry.entities.get(id)?.name);
    assert.deepEqual(
      fixes.map((f) => f.title),
      [
        'Link to Ali Larijani',
        'Link to Sadegh Larijani',
        'Use Ali Larijani for “Larijani” in this document',
        'Use Sadegh Larijani for “Larijani” in this document',
        'Not an entity here',
      ],
    );
    assert.equal(applyEdits(text, fixes[1].edits), '[Larijani]{.ref to=sadegh-larijani} spoke.\n');
    assert.equal(applyEdits(text, fixes[2].edits), '---\nrefs:\n  Larijani: ali-larijani\n---\nLarijani spoke.\n');
    const linked = '[Larijani]{.ref to=ali-larijani} spoke.\n';
    const resolved = findMentions(registry, linked);
    assert.deepEqual(
      resolutionFixes(linked, parseMarkup(linked).spans, resolved, resolved[0], () => undefined),
      [],
    );
  });

  it('tagHoverAt: the tag explained at its block, the entity id under the cursor', () => {
    const text = '[Iran spoke]{.claim #c1a2 by=iran}';
    const spans = parseMarkup(text).spans;
    const ctx = registryAssistContext(registry);
    const onBlock = tagHoverAt(spans, text.indexOf('.claim'), ctx)!;
    assert.match(onBlock.markdown, /claim/i);
    assert.deepEqual([onBlock.start, onBlock.end, onBlock.entityId], [text.indexOf(']'), text.length, undefined]);
    const onId = tagHoverAt(spans, text.indexOf('by=iran') + 4, ctx)!;
    assert.deepEqual([onId.start, onId.end, onId.entityId], [text.indexOf('iran}'), text.indexOf('iran}') + 4, 'iran']);
    assert.equal(tagHoverAt(spans, 3, ctx), undefined); // in the tagged text
  });

  it('tagCommandEdits: checks the arguments, tags each selection with a fresh id, nothing on errors', () => {
    const text = 'Iran spoke. Iran left.';
    const ok = tagCommandEdits(text, [{ start: 0, end: 11 }], 'claim', { by: 'iran', about: 'nobody-here' }, registry, ['c0000']);
    assert.ok(ok.ok);
    assert.deepEqual(ok.unknownIds, ['nobody-here']);
    const tagged = applyEdits(text, ok.edits);
    assert.equal(tagged, `[Iran spoke.]{.claim #${ok.ids[0]} by=iran about=nobody-here} Iran left.`);
    const untagged = untagEdits(tagged, parseMarkup(tagged).spans, [{ start: 2, end: 2 }]);
    assert.ok(untagged.ok);
    assert.equal(applyEdits(tagged, untagged.edits), text);
    const bad = tagCommandEdits(text, [{ start: 0, end: 4 }], 'event', { type: 'agree', by: 'iran' }, registry);
    assert.equal(bad.ok, false);
    assert.match((bad as { message: string }).message, /Unknown argument “by”.*Nothing was tagged/);
    const crossing = '[Iran spoke]{.claim #c1a2 by=iran} later';
    const cut = tagCommandEdits(crossing, [{ start: 3, end: 38 }], 'event', { type: 'agree' }, registry);
    assert.equal(cut.ok, false);
  });

  it('entityCard: the same card in both hosts; without codicons and command links for LSP clients', () => {
    const text = '---\ndate: 2025-08-12\n---\nAli Larijani and Iran. Larijani left.\n';
    const mentions = findMentions(registry, text);
    const doc = { uri: 'file:///w/a.md', version: 3, text, spans: parseMarkup(text).spans, mentions, date: findDocumentDate(text) };
    const vscode = documentEntityCard(registry, registry.entities.get('ali-larijani')!, doc, mentions[2]);
    const lsp = documentEntityCard(registry, registry.entities.get('ali-larijani')!, doc, mentions[2], { commandLinks: false, codicons: false });
    assert.match(vscode, /command:analystMarkup\.openEntity/);
    assert.match(vscode, /\$\(person\)/);
    assert.doesNotMatch(lsp, /command:|\$\(/);
    assert.match(lsp, /Mentioned 2 times in this document/);
    assert.match(lsp, /decided by an earlier mention/);
    assert.equal(withoutCodicons('$(person) **A** &#36;(x) $(pass-filled) held'), '**A** &#36;(x) held');
    assert.match(
      registryEntityCard(registry, registry.entities.get('iran')!, { codicons: false, commandLinks: false }, new Date(2026, 0, 2)),
      /Date: 2 Jan 2026 \\\(today\\: hovering in the registry\\\)/,
    );
  });
});
