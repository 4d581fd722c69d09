// Checks FollowTheMoney JSON lines against the FtM model itself (the `@alephdata/followthemoney`
// package carries the schemata): every entity's schema exists and is concrete, every property
// belongs to it, every value fits its type, references point to exported entities of the range.
import { defaultModel, Model } from '@alephdata/followthemoney';

const model = new Model(defaultModel);
const FTM_DATE = /^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?)?)?$/;

export interface FtmLine {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
}

/** Every problem of `content` as a message; empty when it is valid FtM. */
export function ftmProblems(content: string): string[] {
  const problems: string[] = [];
  const entities: FtmLine[] = [];
  const lines = content.split('\n');
  if (lines.pop() !== '') problems.push('the output does not end with a line break');
  lines.forEach((line, index) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`line ${index + 1}: not JSON`);
      return;
    }
    const entity = value as FtmLine;
    const keys = Object.keys(entity).sort().join(',');
    if (keys !== 'id,properties,schema') problems.push(`line ${index + 1}: keys ${keys}`);
    entities.push(entity);
  });
  const byId = new Map<string, FtmLine>();
  for (const e of entities) {
    if (typeof e.id !== 'string' || e.id === '') problems.push(`an entity without id: ${JSON.stringify(e)}`);
    else if (byId.has(e.id)) problems.push(`id ${e.id} twice`);
    else byId.set(e.id, e);
  }
  for (const e of entities) {
    const schema = model.schemata[e.schema];
    if (!schema) {
      problems.push(`${e.id}: unknown schema ${e.schema}`);
      continue;
    }
    if (schema.abstract) problems.push(`${e.id}: abstract schema ${e.schema}`);
    for (const required of schema.required) if (!(e.properties[required]?.length > 0)) problems.push(`${e.id} (${e.schema}): required ${required} missing`);
    for (const [name, values] of Object.entries(e.properties)) {
      if (!schema.hasProperty(name)) {
        problems.push(`${e.id} (${e.schema}): no property ${name}`);
        continue;
      }
      const property = schema.getProperty(name);
      if (!Array.isArray(values) || values.length === 0) problems.push(`${e.id}.${name}: not a non-empty list`);
      for (const v of values) {
        if (typeof v !== 'string' || v.trim() === '') {
          problems.push(`${e.id}.${name}: value ${JSON.stringify(v)} is not a non-empty string`);
          continue;
        }
        const max = property.maxLength || property.type.maxLength;
        if (max && v.length > max) problems.push(`${e.id}.${name}: longer than ${max}`);
        const type = property.type.name;
        if (type === 'date' && !FTM_DATE.test(v)) problems.push(`${e.id}.${name}: ${v} is not an FtM date`);
        if (type === 'url' && !/^https?:\/\/\S+$/.test(v)) problems.push(`${e.id}.${name}: ${v} is not a URL`);
        if ((type === 'topic' || type === 'country' || type === 'language' || type === 'gender') && !property.type.values.has(v)) {
          problems.push(`${e.id}.${name}: ${v} is not a ${type}`);
        }
        if (type === 'entity') {
          const target = byId.get(v);
          if (!target) problems.push(`${e.id}.${name}: ${v} is not exported`);
          else if (!model.schemata[target.schema]?.isA(property.getRange())) {
            problems.push(`${e.id}.${name}: ${v} is a ${target.schema}, not a ${property.getRange().name}`);
          }
        }
      }
    }
    try {
      model.getEntity(e);
    } catch (error) {
      problems.push(`${e.id}: the model refuses it: ${String(error)}`);
    }
  }
  return problems;
}

export function ftmLines(content: string): FtmLine[] {
  return content
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as FtmLine);
}
