#!/usr/bin/env node
// Packs the built extension into a .vsix without vsce and without network: a VSIX is a zip with
// extension.vsixmanifest, [Content_Types].xml and the extension's files under extension/.
//
//   node scripts/vsix.mjs [out.vsix]     (default: analyst-markup-<version>.vsix in the project)
//
// Packed: package.json, README*, CHANGELOG*, LICENSE*, dist/ (with dist/yaml.js and
// dist/web/yaml.js, the `yaml` library the entries load on first use), media/, syntaxes/, snippets/,
// schemas/, images/, language-configuration*.json — whatever of these exists. Runtime
// dependencies are expected to be bundled into dist/ by esbuild (node_modules is not packed).

import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function dosDateTime(d) {
  const time = (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2);
  const date = ((Math.max(d.getFullYear(), 1980) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate();
  return { time, date };
}

/** Minimal zip writer (deflate, UTF-8 names). entries: [{ name, data: Buffer }] */
export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  const { time, date } = dosDateTime(new Date());
  for (const { name, data } of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const deflated = zlib.deflateRawSync(data, { level: 9 });
    const useDeflate = deflated.length < data.length;
    const body = useDeflate ? deflated : data;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(useDeflate ? 8 : 0, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBuf, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4); // made by: unix, 3.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(useDeflate ? 8 : 0, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attrs
    central.writeUInt32LE(((0o100644 << 16) >>> 0), 38); // external attrs: regular file 644
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + body.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

const xml = (s) => String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const MIME = {
  '.json': 'application/json',
  '.js': 'application/javascript',
  '.cjs': 'application/javascript',
  '.mjs': 'application/javascript',
  '.map': 'application/json',
  '.md': 'text/markdown',
  '.txt': 'text/plain',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.gif': 'image/gif',
  '.jpg': 'image/jpeg',
  '.css': 'text/css',
  '.html': 'text/html',
  '.vsixmanifest': 'text/xml',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
};

const PACKED_DIRS = ['dist', 'media', 'syntaxes', 'snippets', 'schemas', 'images'];
const PACKED_FILE = /^(package\.json|readme(\.md)?|changelog(\.md)?|license(\.md|\.txt)?|language-configuration.*\.json)$/i;

function listFiles(extensionDir) {
  const files = [];
  for (const e of fs.readdirSync(extensionDir, { withFileTypes: true })) {
    if (e.isFile() && PACKED_FILE.test(e.name)) files.push(e.name);
  }
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(extensionDir, rel), { withFileTypes: true })) {
      const r = path.posix.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) files.push(r);
    }
  };
  for (const d of PACKED_DIRS) if (fs.existsSync(path.join(extensionDir, d))) walk(d);
  return files.sort();
}

/** Builds a .vsix of extensionDir; returns { file, id, version, files }. */
export function buildVsix({ extensionDir = PROJECT_DIR, outFile } = {}) {
  const pkg = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
  for (const k of ['name', 'publisher', 'version']) if (!pkg[k]) throw new Error(`package.json has no "${k}"`);
  for (const entry of [pkg.main, pkg.browser].filter(Boolean)) {
    const p = path.resolve(extensionDir, entry);
    if (!fs.existsSync(p) && !fs.existsSync(p + '.js')) throw new Error(`${entry} (package.json main/browser) does not exist: build first (npm run build)`);
    // The `yaml` library each entry loads on first use, from its own folder (src/node/lazyYaml.ts, src/web/lazyYaml.ts).
    const yaml = path.join(path.dirname(p), 'yaml.js');
    if (!fs.existsSync(yaml)) throw new Error(`${path.relative(extensionDir, yaml)} (the yaml library of ${entry}) does not exist: build first (npm run build)`);
  }
  outFile = outFile || path.join(extensionDir, `${pkg.name}-${pkg.version}.vsix`);
  const files = listFiles(extensionDir);
  const readme = files.find((f) => /^readme(\.md)?$/i.test(f));
  const license = files.find((f) => /^license/i.test(f));
  const kinds = [pkg.main ? 'workspace' : null, pkg.browser ? 'web' : null].filter(Boolean);

  const manifest = `<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011" xmlns:d="http://schemas.microsoft.com/developer/vsx-schema-design/2011">
  <Metadata>
    <Identity Language="en-US" Id="${xml(pkg.name)}" Version="${xml(pkg.version)}" Publisher="${xml(pkg.publisher)}" />
    <DisplayName>${xml(pkg.displayName || pkg.name)}</DisplayName>
    <Description xml:space="preserve">${xml(pkg.description)}</Description>
    <Tags>${xml((pkg.keywords || []).join(','))}</Tags>
    <Categories>${xml((pkg.categories || []).join(','))}</Categories>
    <GalleryFlags>Public</GalleryFlags>
    <Properties>
      <Property Id="Microsoft.VisualStudio.Code.Engine" Value="${xml(pkg.engines?.vscode || '*')}" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionDependencies" Value="${xml((pkg.extensionDependencies || []).join(','))}" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionPack" Value="${xml((pkg.extensionPack || []).join(','))}" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionKind" Value="${xml(kinds.join(','))}" />
      <Property Id="Microsoft.VisualStudio.Code.LocalizedLanguages" Value="" />
      <Property Id="Microsoft.VisualStudio.Services.GitHubFlavoredMarkdown" Value="true" />
      <Property Id="Microsoft.VisualStudio.Services.Content.Pricing" Value="Free" />
    </Properties>${license ? `\n    <License>extension/${xml(license)}</License>` : ''}
  </Metadata>
  <Installation>
    <InstallationTarget Id="Microsoft.VisualStudio.Code" />
  </Installation>
  <Dependencies />
  <Assets>
    <Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true" />${
      readme ? `\n    <Asset Type="Microsoft.VisualStudio.Services.Content.Details" Path="extension/${xml(readme)}" Addressable="true" />` : ''
    }${license ? `\n    <Asset Type="Microsoft.VisualStudio.Services.Content.License" Path="extension/${xml(license)}" Addressable="true" />` : ''}
  </Assets>
</PackageManifest>
`;
  const exts = new Set(['.vsixmanifest', ...files.map((f) => path.extname(f).toLowerCase())]);
  const contentTypes =
    '<?xml version="1.0" encoding="utf-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    [...exts]
      .filter(Boolean)
      .sort()
      .map((e) => `<Default Extension="${xml(e)}" ContentType="${MIME[e] || 'application/octet-stream'}" />`)
      .join('') +
    '</Types>\n';

  const entries = [
    { name: 'extension.vsixmanifest', data: Buffer.from(manifest) },
    { name: '[Content_Types].xml', data: Buffer.from(contentTypes) },
    ...files.map((f) => ({ name: `extension/${f}`, data: fs.readFileSync(path.join(extensionDir, f)) })),
  ];
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, zip(entries));
  return { file: outFile, id: `${pkg.publisher}.${pkg.name}`, version: pkg.version, files };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const r = buildVsix({ outFile: process.argv[2] ? path.resolve(process.argv[2]) : undefined });
    process.stdout.write(`${r.file} (${r.id}@${r.version}, ${r.files.length} files)\n`);
  } catch (e) {
    process.stderr.write(`vsix: ${e.message}\n`);
    process.exit(1);
  }
}
