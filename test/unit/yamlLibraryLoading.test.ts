// The web build loads the `yaml` library on first use, asynchronously: until it is there, its
// functions throw YamlLibraryNotLoadedError (src/web/lazyYaml.ts). Here the library's functions
// are made to throw that error, as the web build's do before loading: the core must read plain
// registries without the library, and let the error through everywhere else — never turn it
// into a diagnostic or a different answer — so that the VS Code layer can load the library and
// ask again (src/vscode/yamlLibrary.ts).

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseRegistryFile, RegistryStore } from '../../src/core/registry';
import { addAliasesToText, addEntityToText, newEntityFileText, registryFileLayout, yamlScalar } from '../../src/core/registryEdit';
import { YamlLibraryNotLoadedError, yamlForwarders } from '../../src/core/yamlLibraryLoading';
import * as lazyYaml from '../../src/node/lazyYaml';

const yamlModule = require('yaml') as Record<string, unknown>;
/** The library's functions the core uses: those the lazy `yaml` modules of the builds export. */
const FUNCTIONS = Object.keys(lazyYaml);

const root = path.resolve(__dirname, '../../..');
const PLAIN = readFileSync(path.join(root, 'test/fixtures/workspace/entities.yaml'), 'utf8');
/** The position its Ali Larijani's role names (`post:`). */
const OFFICES = readFileSync(path.join(root, 'test/fixtures/workspace/offices.entities.yaml'), 'utf8');
/** A document start marker and a flow list over two lines: outside the fast reader's subset. */
const OUTSIDE = `---
entities:
  - id: hamas
    name: Hamas
    type: organization
  - id: fatah
    name: Fatah
    type: organization
    aliases: [Fatah movement,
      Harakat al-Tahrir al-Watani al-Filastini]
`;

function notLoaded(error: unknown): boolean {
  return error instanceof YamlLibraryNotLoadedError;
}

describe('yaml library loaded on demand (web build)', () => {
  const saved = new Map<string, unknown>();
  beforeEach(() => {
    for (const name of FUNCTIONS) {
      saved.set(name, yamlModule[name]);
      yamlModule[name] = () => {
        throw new YamlLibraryNotLoadedError();
      };
    }
  });
  afterEach(() => {
    for (const [name, fn] of saved) yamlModule[name] = fn;
  });

  it('gets the same functions from the web build as from the desktop build', () => {
    // Both forward to yamlForwarders; src/web/lazyYaml.ts imports vscode, so its exports are read from its source.
    const names = (file: string) => {
      const source = readFileSync(path.join(root, file), 'utf8');
      const exported = /^export const \{ ([\w, ]+) \} = yamlForwarders\(yaml\);$/m.exec(source);
      return exported ? exported[1].split(', ') : [];
    };
    assert.deepEqual(names('src/web/lazyYaml.ts'), FUNCTIONS);
    assert.deepEqual(names('src/node/lazyYaml.ts'), FUNCTIONS);
    assert.deepEqual(Object.keys(yamlForwarders(() => assert.fail('not called'))), FUNCTIONS);
  });

  it('reads a registry in the plain subset without the library', () => {
    const parsed = parseRegistryFile('file:///w/entities.yaml', PLAIN);
    assert.equal(parsed.unreadable, false);
    assert.deepEqual(parsed.diagnostics, []);
    assert.equal(parsed.entities.length, 6);
  });

  it('lets the error through for a file outside the subset (no diagnostic, store unchanged)', () => {
    assert.throws(() => parseRegistryFile('file:///w/a.entities.yaml', OUTSIDE), notLoaded);
    const store = new RegistryStore();
    store.setFile('file:///w/entities.yaml', PLAIN);
    store.setFile('file:///w/offices.entities.yaml', OFFICES);
    assert.throws(() => store.setFile('file:///w/a.entities.yaml', OUTSIDE), notLoaded);
    const registry = store.build();
    assert.deepEqual(registry.files, ['file:///w/entities.yaml', 'file:///w/offices.entities.yaml']);
    assert.equal(registry.errorCount, 0);
  });

  it('lets the error through from registry edits, also where a YAML error would be an answer', () => {
    // yamlScalar catches the library's parse errors (they mean "quote it"): not this one.
    assert.throws(() => yamlScalar('Tom Barrack', false), notLoaded);
    assert.throws(() => newEntityFileText({ id: 'tom-barrack', name: 'Tom Barrack', type: 'person' }), notLoaded);
    assert.throws(() => addEntityToText(PLAIN, { id: 'tom-barrack', name: 'Tom Barrack', type: 'person' }), notLoaded);
    assert.throws(() => addAliasesToText(PLAIN, 'iran', ['Persia']), notLoaded);
    assert.throws(() => registryFileLayout(PLAIN), notLoaded);
  });

  it('gives the normal answers once the library is there', () => {
    restoreLibrary(saved);
    const parsed = parseRegistryFile('file:///w/a.entities.yaml', OUTSIDE);
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(
      parsed.entities.map((e) => `${e.id} ${e.type} ${e.aliases.map((a) => a.text).join('|')}`),
      ['hamas organization ', 'fatah organization Fatah movement|Harakat al-Tahrir al-Watani al-Filastini'],
    );
    assert.equal(yamlScalar('Tom Barrack', false), 'Tom Barrack');
    const edit = addAliasesToText(OUTSIDE, 'fatah', ['Fateh']);
    assert.ok(edit.ok && edit.text.includes('Fateh'));
  });
});

function restoreLibrary(saved: Map<string, unknown>): void {
  for (const [name, fn] of saved) yamlModule[name] = fn;
}
