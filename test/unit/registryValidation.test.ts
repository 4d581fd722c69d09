// Registry validation in depth (SPEC §1): every problem a shared registry can have becomes a
// diagnostic at its exact place (1-based line:column below), shared by the extension and the CLI.

import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseRegistryFile, RegistryStore } from '../../src/core/registry';
import type { CoreDiagnostic } from '../../src/core/types';

function where(list: readonly CoreDiagnostic[] | undefined): string[] {
  return (list ?? []).map(
    (d) => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.severity} ${d.code}`,
  );
}

function fileDiagnostics(text: string): string[] {
  return where(parseRegistryFile('file:///w/entities.yaml', text).diagnostics);
}

function registryDiagnostics(files: Record<string, string>): Record<string, string[]> {
  const store = new RegistryStore();
  for (const [name, text] of Object.entries(files)) store.setFile(`file:///w/${name}`, text);
  const registry = store.build();
  const out: Record<string, string[]> = {};
  for (const [uri, list] of registry.diagnostics) out[uri.replace('file:///w/', '')] = where(list);
  return out;
}

describe('registry validation (SPEC §1)', () => {
  describe('per file', () => {
    it('a YAML syntax error, at its place; the file counts as unreadable', () => {
      const parsed = parseRegistryFile('file:///w/e.yaml', 'entities:\n  - id: iran\n    name: [Iran\n    type: state\n');
      assert.equal(parsed.unreadable, true);
      assert.ok(parsed.diagnostics.length > 0);
      assert.ok(parsed.diagnostics.every((d) => d.code === 'yaml-syntax' && d.severity === 'error'));
      assert.ok(parsed.diagnostics[0].range.start.line >= 2, 'reported on the line of the unclosed bracket or after it');
    });

    it('git conflict markers, one diagnostic per marker line', () => {
      assert.deepEqual(fileDiagnostics('entities:\n<<<<<<< HEAD\n  - id: iran\n=======\n  - id: persia\n>>>>>>> theirs\n'), [
        '2:1-2:13 error conflict-marker',
        '4:1-4:8 error conflict-marker',
        '6:1-6:15 error conflict-marker',
      ]);
    });

    it('missing id, name and type; an id that is not a string', () => {
      assert.deepEqual(fileDiagnostics('entities:\n  - name: Iran\n    type: state\n'), ['2:5-3:16 error missing-field']);
      assert.deepEqual(fileDiagnostics('entities:\n  - id: iran\n    type: state\n'), ['2:9-2:13 error missing-field']);
      assert.deepEqual(fileDiagnostics('entities:\n  - id: iran\n    name: Iran\n'), ['2:9-2:13 error missing-field']);
      assert.deepEqual(fileDiagnostics('entities:\n  - id: [iran]\n    name: Iran\n    type: state\n'), ['2:9-2:15 error missing-field']);
      assert.deepEqual(fileDiagnostics('entities:\n  - id: iran\n    name: ""\n    type: state\n'), ['3:11-3:13 error missing-field']);
    });

    it('an invalid id and an unknown type', () => {
      assert.deepEqual(fileDiagnostics('entities:\n  - id: Iran State\n    name: Iran\n    type: state\n'), ['2:9-2:19 error invalid-id']);
      assert.deepEqual(fileDiagnostics('entities:\n  - id: iran\n    name: Iran\n    type: country\n'), ['4:11-4:18 error unknown-type']);
    });

    it('unknown fields at the top, entity, role and alias level (warnings)', () => {
      assert.deepEqual(
        fileDiagnostics(
          'version: 2\nentities:\n  - id: iran\n    name: Iran\n    type: state\n    capital: Tehran\n' +
            '    aliases: [{ text: Persia, case: true }]\n    roles:\n      - title: x\n        until: 2020\n',
        ),
        ['1:1-1:8 warning unknown-field', '6:5-6:12 warning unknown-field', '7:31-7:35 warning unknown-field', '10:9-10:14 warning unknown-field'],
      );
    });

    it('bad dates, and a role that starts after it ends', () => {
      assert.deepEqual(
        fileDiagnostics(
          'entities:\n  - id: x\n    name: X\n    type: person\n    roles:\n' +
            '      - title: a\n        from: 2020-13-01\n' +
            '      - title: b\n        from: 12 August 2025\n' +
            '      - title: c\n        from: 2021\n        to: 2020-12\n',
        ),
        ['7:15-7:25 error invalid-date', '9:15-9:29 error invalid-date', '11:15-11:19 error invalid-date'],
      );
    });

    it('aliases that are common English words, unless case-sensitive (warning)', () => {
      const text =
        'entities:\n  - id: united-states\n    name: United States\n    type: state\n' +
        '    aliases: [US, Us, { text: Will, caseSensitive: true }]\n' +
        '  - id: theresa-may\n    name: Theresa May\n    type: person\n    aliases:\n      - May\n      - { text: MARCH, caseSensitive: false }\n' +
        '  - id: turkey\n    name: Turkey\n    type: state\n    aliases: [Türkiye, turkey]\n';
      const parsed = parseRegistryFile('file:///w/e.yaml', text);
      assert.deepEqual(where(parsed.diagnostics), [
        '5:19-5:21 warning alias-common-word',
        '10:9-10:12 warning alias-common-word',
        '11:17-11:22 warning alias-common-word',
      ]);
      assert.match(parsed.diagnostics[0].message, /“Us” is a common English word.*\{ text: Us, caseSensitive: true \}/);
      assert.equal(parsed.entities.length, 3, 'a warning never drops the entity');
    });
  });

  describe('across files', () => {
    it('a duplicate id: the file that was there first keeps it, the other gets the error', () => {
      const result = registryDiagnostics({
        'entities.yaml': 'entities:\n  - id: iran\n    name: Iran\n    type: state\n',
        'more.entities.yaml': '# copy\nentities:\n  - id: iran\n    name: Persia\n    type: state\n',
      });
      assert.deepEqual(result, { 'entities.yaml': [], 'more.entities.yaml': ['3:9-3:13 error duplicate-id'] });
    });

    it('references to unknown ids in of: and affiliations:', () => {
      const result = registryDiagnostics({
        'entities.yaml':
          'entities:\n  - id: x\n    name: X\n    type: person\n    roles:\n      - title: t\n        of: nowhere\n    affiliations: [iran, atlantis]\n',
        'b.entities.yaml': 'id: iran\nname: Iran\ntype: state\n',
      });
      assert.deepEqual(result['entities.yaml'], ['7:13-7:20 error unknown-reference', '8:26-8:34 error unknown-reference']);
    });

    it('an alias used by two entities: information on both, no warning (SPEC §1, 0.2)', () => {
      const result = registryDiagnostics({
        'entities.yaml': 'entities:\n  - id: hezbollah\n    name: Hezbollah\n    type: organization\n    aliases: [Hizbullah]\n',
        'entities/other.yaml': 'id: hizb\nname: Hizb\ntype: organization\naliases: [hizbullah]\n',
      });
      assert.deepEqual(result['entities/other.yaml'], ['4:11-4:20 info shared-name']);
      assert.deepEqual(result['entities.yaml'], ['5:15-5:24 info shared-name']);
    });

    it('the demo and fixture registries are clean: no errors, no warnings', () => {
      const root = join(__dirname, '..', '..', '..');
      for (const dir of ['demo', join('test', 'fixtures', 'workspace')]) {
        const store = new RegistryStore();
        const files = ['entities.yaml', ...readdirSync(join(root, dir)).filter((f) => f.endsWith('.entities.yaml'))];
        for (const f of readdirSync(join(root, dir, 'entities'))) files.push(join('entities', f));
        for (const f of files) store.setFile(`file:///${dir}/${f}`, readFileSync(join(root, dir, f), 'utf8'));
        const registry = store.build();
        // Information (shared names, resolved per mention) is no problem.
        assert.deepEqual(
          [...registry.diagnostics.values()]
            .flat()
            .filter((d) => d.severity !== 'info')
            .map((d) => d.message),
          [],
          dir,
        );
        assert.ok(registry.entities.size >= 8, dir);
      }
    });
  });
});
