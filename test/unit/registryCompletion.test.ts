import { strict as assert } from 'node:assert';
import { registryCompletionContext } from '../../src/core/registryCompletion';

/** The context at the `|` of `text` (its `replaceStart` checked: the start of the prefix). */
function at(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  const context = registryCompletionContext(textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1), offset);
  if (context) assert.equal(context.replaceStart, offset - context.prefix.length);
  return context && { ...context, replaceStart: 0 };
}

const HEAD = `# registry
entities:
  - id: ali-larijani
    name: Ali Larijani
`;

describe('registry completion contexts', () => {
  it('entity ids after of: (block and flow mapping)', () => {
    assert.deepEqual(at(HEAD + '    roles:\n      - title: Speaker\n        of: ira|\n'), {
      kind: 'entityId',
      field: 'of',
      prefix: 'ira',
      replaceStart: 0,
      exclude: [],
    });
    assert.equal(at(HEAD + '    roles: [{ title: Speaker, of: |}]\n')?.kind, 'entityId');
  });

  it('entity ids in affiliations:, flow and block, without those already listed', () => {
    const flow = at(HEAD + '    affiliations: [iran, ir|\n');
    assert.deepEqual(flow, { kind: 'entityId', field: 'affiliations', prefix: 'ir', replaceStart: 0, exclude: ['iran'] });
    const block = at(HEAD + '    affiliations:\n      - iran\n      - |\n      - iraq\n    tags: [x]\n');
    assert.deepEqual(block, { kind: 'entityId', field: 'affiliations', prefix: '', replaceStart: 0, exclude: ['iran', 'iraq'] });
  });

  it('types after type:, dates after from: and to:', () => {
    assert.deepEqual(at(HEAD + '    type: pe|'), { kind: 'type', prefix: 'pe', replaceStart: 0 });
    assert.equal(at(HEAD + '    roles:\n      - title: x\n        from: |')?.kind, 'date');
    assert.deepEqual(at(HEAD + '    roles:\n      - title: x\n        to: 20|'), { kind: 'date', field: 'to', prefix: '20', replaceStart: 0 });
  });

  it('field names at the entity level, without those present', () => {
    const c = at(HEAD + '    |\n    type: person\n');
    assert.equal(c?.kind, 'field');
    assert.deepEqual(c && c.kind === 'field' && [c.level, c.present.sort(), c.listItem], ['entity', ['id', 'name', 'type'], false]);
  });

  it('field names at the role level, the alias level and for a new list item', () => {
    const role = at(HEAD + '    roles:\n      - title: Speaker\n        |');
    assert.deepEqual(role && role.kind === 'field' && [role.level, role.present], ['role', ['title']]);
    const newRole = at(HEAD + '    roles:\n      - title: Speaker\n      - |');
    assert.deepEqual(newRole && newRole.kind === 'field' && [newRole.level, newRole.listItem], ['role', true]);
    const newEntity = at(HEAD + '  - |');
    assert.deepEqual(newEntity && newEntity.kind === 'field' && [newEntity.level, newEntity.listItem], ['entity', true]);
    const alias = at(HEAD + '    aliases:\n      - text: SNSC\n        c|');
    assert.deepEqual(alias && alias.kind === 'field' && [alias.level, alias.prefix], ['alias', 'c']);
  });

  it('items at column 0 under entities:, the top level, one-entity files and event types', () => {
    const col0 = at('entities:\n- id: a\n  name: A\n  |');
    assert.deepEqual(col0 && col0.kind === 'field' && [col0.level, col0.present], ['entity', ['name', 'id']]);
    const top = at('entities:\n  - id: a\n|');
    assert.deepEqual(top && top.kind === 'field' && [top.level, top.present], ['top', ['entities']]);
    const single = at('id: baghdad\nname: Baghdad\n|');
    assert.deepEqual(single && single.kind === 'field' && single.level, 'entity');
    const eventType = at('eventTypes:\n  - id: ceasefire\n    |');
    assert.deepEqual(eventType && eventType.kind === 'field' && eventType.level, 'eventType');
  });

  it('nothing inside comments, free-text lists and values', () => {
    assert.equal(at(HEAD + '    # of: |'), undefined);
    assert.equal(at(HEAD + '    aliases:\n      - |'), undefined);
    assert.equal(at(HEAD + '    summary: Iran|'), undefined);
    assert.equal(at(HEAD + '    summary: >-\n      Iran|'), undefined);
  });
});
