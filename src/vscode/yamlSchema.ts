// The registry's JSON schema (schemas/registry.schema.json) for every registry file, also those of
// custom analystMarkup.registry.files globs. VS Code itself validates no YAML: the static
// `yamlValidation` contribution (the default globs) is read by the YAML extension
// (redhat.vscode-yaml) only, and its fileMatch cannot follow a setting. So, when that extension is
// installed, the schema is offered through its schema-contributor API for each file the registry
// service counts as a registry file (isRegistryUri: the globs in force, Restricted Mode included).
// Without it, the extension's own registry diagnostics check the same rules on every glob.

import vscode = require('vscode');
import type { Services } from './services';

export const YAML_EXTENSION_ID = 'redhat.vscode-yaml';
const SCHEMA_URI = 'analyst-markup-schema://schemas/registry.schema.json';

/** The part of the YAML extension's exported API used here (its `registerContributor`). */
interface YamlExtensionApi {
  registerContributor(
    schema: string,
    requestSchema: (resource: string) => string | undefined,
    requestSchemaContent: (uri: string) => Promise<string> | string,
    label?: string,
  ): boolean;
}

function isYamlApi(value: unknown): value is YamlExtensionApi {
  return typeof value === 'object' && value !== null && typeof (value as { registerContributor?: unknown }).registerContributor === 'function';
}

export function registerYamlSchema(services: Services): void {
  const { registries, context, log } = services;
  let registered = false;
  let schemaText: Promise<string> | undefined;
  const schemaContent = () =>
    (schemaText ??= Promise.resolve(vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'schemas', 'registry.schema.json'))).then((bytes) =>
      new TextDecoder().decode(bytes),
    ));
  const tryRegister = async () => {
    const yaml = vscode.extensions.getExtension(YAML_EXTENSION_ID);
    if (registered || !yaml) return;
    registered = true;
    try {
      const exported: unknown = yaml.isActive ? yaml.exports : await yaml.activate();
      if (!isYamlApi(exported)) throw new Error('its API has no registerContributor');
      exported.registerContributor(
        'analyst-markup',
        (resource) => {
          try {
            return registries.isRegistryUri(vscode.Uri.parse(resource)) ? SCHEMA_URI : undefined;
          } catch {
            return undefined;
          }
        },
        (uri) => (uri === SCHEMA_URI ? schemaContent() : ''),
        'Analyst Markup registry',
      );
      log.info(`registry schema offered to ${YAML_EXTENSION_ID} for every registry file`);
    } catch (error) {
      log.warn(`could not offer the registry schema to ${YAML_EXTENSION_ID}: ${String(error)}`);
    }
  };
  void tryRegister();
  // Installed later: offer it then.
  context.subscriptions.push(vscode.extensions.onDidChange(() => void tryRegister()));
}
