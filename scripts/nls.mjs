#!/usr/bin/env node
// package.nls.json: every user-visible string of package.json's `contributes` (and displayName /
// description) as a %key% reference, VS Code's manifest localisation. Translations live in
// package.nls.<locale>.json (package.nls.fa.json: Persian).
//
//   node scripts/nls.mjs           move literal strings of package.json into package.nls.json
//                                  (keys derived from where they are; existing keys kept)
//   node scripts/nls.mjs --check   exit 1 when package.json has a literal contributed string, a
//                                  %key% without an English entry, or a translation has a key
//                                  package.nls.json lacks
//
// Run it after adding a command, setting, colour, view or walkthrough step.

import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const pkgFile = path.join(ROOT, 'package.json');
const nlsFile = path.join(ROOT, 'package.nls.json');
const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
const nls = fs.existsSync(nlsFile) ? JSON.parse(fs.readFileSync(nlsFile, 'utf8')) : {};
const problems = [];
let moved = 0;

const short = (id) => id.replace(/^analystMarkup\./, '');

/** Replaces obj[field] (a literal string) by %key%, recording the English text. */
function localise(obj, field, key, where) {
  const value = obj?.[field];
  if (typeof value !== 'string' || value === '') return;
  const ref = /^%([^%]+)%$/.exec(value);
  if (ref) {
    if (!Object.prototype.hasOwnProperty.call(nls, ref[1])) problems.push(`${where}: ${value} has no entry in package.nls.json`);
    return;
  }
  if (check) {
    problems.push(`${where}: literal string ${JSON.stringify(value.slice(0, 60))} (run node scripts/nls.mjs)`);
    return;
  }
  if (Object.prototype.hasOwnProperty.call(nls, key) && nls[key] !== value) key = `${key}.${moved}`;
  nls[key] = value;
  obj[field] = `%${key}%`;
  moved++;
}

localise(pkg, 'displayName', 'displayName', 'displayName');
localise(pkg, 'description', 'description', 'description');
const c = pkg.contributes ?? {};
localise(pkg.capabilities?.untrustedWorkspaces, 'description', 'capabilities.untrustedWorkspaces.description', 'capabilities');
localise(c.configuration, 'title', 'config.title', 'configuration');
for (const [name, prop] of Object.entries(c.configuration?.properties ?? {})) {
  const k = `config.${short(name)}`;
  localise(prop, 'description', `${k}.description`, name);
  localise(prop, 'markdownDescription', `${k}.markdownDescription`, name);
  for (const field of ['enumDescriptions', 'markdownEnumDescriptions']) {
    (prop[field] ?? []).forEach((_, i) => localise(prop[field], i, `${k}.${field}.${prop.enum?.[i] ?? i}`, `${name} ${field}[${i}]`));
  }
}
for (const color of c.colors ?? []) localise(color, 'description', `color.${short(color.id)}.description`, color.id);
for (const command of c.commands ?? []) {
  localise(command, 'title', `command.${short(command.command)}.title`, command.command);
  localise(command, 'category', 'command.category', command.command);
}
for (const [location, containers] of Object.entries(c.viewsContainers ?? {})) {
  for (const container of containers) localise(container, 'title', `viewsContainer.${location}.${short(container.id)}.title`, container.id);
}
for (const views of Object.values(c.views ?? {})) {
  for (const view of views) {
    localise(view, 'name', `view.${short(view.id)}.name`, view.id);
    localise(view, 'contextualTitle', `view.${short(view.id)}.contextualTitle`, view.id);
  }
}
for (const welcome of c.viewsWelcome ?? []) localise(welcome, 'contents', `viewsWelcome.${short(welcome.view)}.contents`, `viewsWelcome ${welcome.view}`);
for (const walk of c.walkthroughs ?? []) {
  const k = `walkthrough.${short(walk.id)}`;
  localise(walk, 'title', `${k}.title`, walk.id);
  localise(walk, 'description', `${k}.description`, walk.id);
  for (const step of walk.steps ?? []) {
    localise(step, 'title', `${k}.${step.id}.title`, `${walk.id}/${step.id}`);
    localise(step, 'description', `${k}.${step.id}.description`, `${walk.id}/${step.id}`);
    localise(step.media, 'altText', `${k}.${step.id}.altText`, `${walk.id}/${step.id}`);
  }
}

// Translations: only keys the English file has.
for (const f of fs.readdirSync(ROOT).filter((n) => /^package\.nls\.[\w-]+\.json$/.test(n))) {
  const translated = JSON.parse(fs.readFileSync(path.join(ROOT, f), 'utf8'));
  for (const key of Object.keys(translated)) if (!Object.prototype.hasOwnProperty.call(nls, key)) problems.push(`${f}: key ${key} is not in package.nls.json`);
}

if (!check && moved > 0) {
  fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
  fs.writeFileSync(nlsFile, JSON.stringify(nls, null, 2) + '\n');
  process.stdout.write(`moved ${moved} string(s) into package.nls.json\n`);
}
for (const p of problems) process.stderr.write(`nls: ${p}\n`);
if (problems.length) process.exit(1);
if (check) process.stdout.write(`package.nls.json: ${Object.keys(nls).length} strings, package.json has no literal contributed string\n`);
