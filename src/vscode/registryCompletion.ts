// Completion in registry files (YAML documents that the registry service counts as registry
// files): entity ids after `of:` and in `affiliations:`, the types after `type:`, dates after
// `from:`/`to:` (today, or a yyyy-mm-dd snippet), and field names at the entity, role, alias,
// event type and top level. The context is read by the pure core (core/registryCompletion.ts).

import vscode = require('vscode');
import { registryCompletionContext, FIELD_DOCS, FIELDS_BY_LEVEL, fieldSnippet, TYPE_DOCS } from '../core/registryCompletion';
import { ENTITY_TYPES } from '../core/types';
import { isRegistryDocument } from './entityAt';
import type { Services } from './services';

function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function registerRegistryCompletion(services: Services): void {
  const provider: vscode.CompletionItemProvider = {
    provideCompletionItems(document, position) {
      if (!isRegistryDocument(services, document)) return undefined;
      const offset = document.offsetAt(position);
      const context = registryCompletionContext(document.getText(), offset);
      if (!context) return undefined;
      const range = new vscode.Range(document.positionAt(context.replaceStart), position);
      const items: vscode.CompletionItem[] = [];
      switch (context.kind) {
        case 'entityId': {
          const excluded = new Set(context.exclude);
          for (const entity of services.registries.registry.entities.values()) {
            if (excluded.has(entity.id)) continue;
            const item = new vscode.CompletionItem({ label: entity.id, description: `${entity.name} · ${entity.type}` }, vscode.CompletionItemKind.Reference);
            item.range = range;
            item.insertText = entity.id;
            item.filterText = `${entity.id} ${entity.name}`;
            item.detail = `${entity.name} (${entity.type})`;
            if (entity.summary) item.documentation = entity.summary;
            // Organisations and states first after `of:` (roles are held in them).
            item.sortText = `${context.field === 'of' && (entity.type === 'organization' || entity.type === 'state') ? 0 : 1}${entity.id}`;
            items.push(item);
          }
          break;
        }
        case 'type':
          ENTITY_TYPES.forEach((type, i) => {
            const item = new vscode.CompletionItem(type, vscode.CompletionItemKind.EnumMember);
            item.range = range;
            item.documentation = TYPE_DOCS[type];
            item.sortText = String(i);
            items.push(item);
          });
          break;
        case 'date': {
          const date = today();
          const todayItem = new vscode.CompletionItem({ label: date, description: 'today' }, vscode.CompletionItemKind.Value);
          todayItem.range = range;
          todayItem.sortText = '0';
          const snippet = new vscode.CompletionItem({ label: 'yyyy-mm-dd', description: 'a date' }, vscode.CompletionItemKind.Snippet);
          snippet.range = range;
          snippet.insertText = new vscode.SnippetString(`\${1:${date.slice(0, 4)}}-\${2:${date.slice(5, 7)}}-\${3:${date.slice(8, 10)}}`);
          snippet.documentation = 'A day; yyyy-mm (a month) and yyyy (a year) are allowed too.';
          snippet.sortText = '1';
          const year = new vscode.CompletionItem({ label: date.slice(0, 4), description: 'this year' }, vscode.CompletionItemKind.Value);
          year.range = range;
          year.sortText = '2';
          items.push(todayItem, snippet, year);
          break;
        }
        case 'field': {
          const present = new Set(context.present);
          FIELDS_BY_LEVEL[context.level].forEach((field, i) => {
            if (present.has(field)) return;
            const item = new vscode.CompletionItem(field, vscode.CompletionItemKind.Property);
            item.range = range;
            item.insertText = new vscode.SnippetString(fieldSnippet(field, context.level));
            item.documentation = new vscode.MarkdownString(FIELD_DOCS[field] ?? '');
            item.sortText = String(i).padStart(2, '0');
            items.push(item);
          });
          if (context.listItem && context.level === 'entity') {
            const item = new vscode.CompletionItem({ label: 'new entity', description: 'id, name, type' }, vscode.CompletionItemKind.Snippet);
            item.range = range;
            item.insertText = new vscode.SnippetString(`id: \${1:new-entity}\n  name: \${2:Name}\n  type: \${3|${ENTITY_TYPES.join(',')}|}`);
            item.sortText = '00';
            item.filterText = 'id new entity';
            items.push(item);
          }
          break;
        }
      }
      return items;
    },
  };
  services.context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider([{ language: 'yaml' }, { pattern: '**/*.{yaml,yml}' }], provider, ':', ' ', '[', ',', '-'),
  );
}
