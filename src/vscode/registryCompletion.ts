// Completion in registry files (YAML documents that the registry service counts as registry
// files): entity ids after `of:` and in `affiliations:`, the types after `type:`, dates after
// `from:`/`to:` (today, or a yyyy-mm-dd snippet), and field names at the entity, role, alias,
// event type and top level. The context is read by the pure core (core/registryCompletion.ts).

import vscode = require('vscode');
import { registryCompletionContext, FIELDS_BY_LEVEL, FieldLevel } from '../core/registryCompletion';
import { ENTITY_TYPES } from '../core/types';
import type { EntityType } from '../core/types';
import { isRegistryDocument } from './entityAt';
import type { Services } from './services';

const TYPE_DOCS: Record<EntityType, string> = {
  person: 'A person.',
  organization: 'An organisation: party, armed group, ministry, agency, company, media outlet.',
  state: 'A state (country).',
  place: 'A place: city, region, body of water, site.',
  position: 'An office people hold (FollowTheMoney’s Position), e.g. Secretary of the SNSC; `of` names the body. Roles name it with `post:`, and mentions of it resolve to whoever held it on the document’s date.',
  other: 'Anything else: an agreement, a programme, an operation.',
};

const FIELD_DOCS: Record<string, string> = {
  id: 'Required. Stable id: lower case letters, digits, `.`, `_`, `-`; unique across the registry.',
  name: 'Required. Display name; also matched in texts.',
  type: 'Required. person | organization | state | place | other.',
  aliases: 'Other names matched in texts: strings, or `{ text, caseSensitive }`.',
  summary: 'One or two sentences shown on the hover card.',
  roles: 'Time-bounded roles: `title`, optional `of` (entity id), `from`, `to` (yyyy, yyyy-mm or yyyy-mm-dd).',
  affiliations: 'Entity ids this entity belongs to.',
  links: 'http(s) links shown on the hover card.',
  tags: 'Free tags for filtering.',
  title: 'Required. The role’s title.',
  of: 'The entity id the role is held in.',
  from: 'Start date: yyyy, yyyy-mm or yyyy-mm-dd.',
  to: 'End date; leave out while the role is held.',
  text: 'The alias text.',
  caseSensitive: 'Match only as written (for aliases that are also common words).',
  entities: 'The list of entities of this file.',
  eventTypes: 'Event types that extend the PLOVER taxonomy.',
  label: 'Display label of the event type.',
  description: 'What the event type covers.',
  wikidata: 'The Wikidata item id (QID), e.g. `Q7747`: shown on the hover card as a link to its Wikidata page, carried into every export. One QID belongs to one entity.',
  ftm: 'The FollowTheMoney entity id(s) this entity was imported from (`analyst-markup import ftm`): a re-import updates this entity, and the FtM export reuses the id.',
};

/** Snippet bodies of fields (indentation of later lines is relative to the current line). */
function fieldSnippet(field: string, level: FieldLevel): string {
  const types = `\${1|${ENTITY_TYPES.join(',')}|}`;
  switch (field) {
    case 'type':
      return `type: ${types}`;
    case 'aliases':
      return 'aliases: [$1]';
    case 'affiliations':
      return 'affiliations: [$1]';
    case 'links':
      return 'links: [https://$1]';
    case 'tags':
      return 'tags: [$1]';
    case 'roles':
      return 'roles:\n  - title: $1\n    of: $2\n    from: ${3:yyyy-mm-dd}';
    case 'summary':
      return 'summary: $1';
    case 'wikidata':
      return 'wikidata: Q${1:12345}';
    case 'caseSensitive':
      return 'caseSensitive: ${1|true,false|}';
    case 'entities':
      return `entities:\n  - id: \${1:new-entity}\n    name: \${2:Name}\n    type: \${3|${ENTITY_TYPES.join(',')}|}`;
    case 'eventTypes':
      return 'eventTypes:\n  - id: ${1:event-type}\n    label: ${2:Label}';
    default:
      return level === 'role' && field === 'of' ? 'of: $1' : `${field}: $1`;
  }
}

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
