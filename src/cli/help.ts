// Usage texts of `analyst-markup`.

import type { CommandName } from './args';

const REGISTRY_NOTE = `  --registry GLOB   where the entity registry is read from (repeatable; a file, a folder or a
                    glob relative to the current folder). Default: **/entities.{yaml,yml},
                    **/*.entities.{yaml,yml}, **/entities/**/*.{yaml,yml} (node_modules and .git excluded)`;

const COMMON = `${REGISTRY_NOTE}
  -o, --output FILE write the output to FILE instead of stdout
  --progress        show progress on stderr even when it is not a terminal (--no-progress: never)
  -q, --quiet       no summary or notes on stderr
  -h, --help        this help`;

export const GENERAL_HELP = `analyst-markup — entity registry and claim/event markup, from the command line

Usage:
  analyst-markup check [paths…]                 registry and markup diagnostics (exit 1 on errors)
  analyst-markup scan [--json] files…           mentions of registry entities
  analyst-markup export --format csv|json [paths…]   claims and events as data
  analyst-markup export --format graphml|timeline-json [paths…]   the network / timeline views' data
  analyst-markup import phoenix FILE… [-o out.yaml]  TABARI/Phoenix actor dictionaries to registry YAML

Paths may be files or folders; folders are searched for .txt, .md and .markdown files.
Exit codes: 0 success (warnings allowed), 1 errors found by check, 2 bad arguments or unreadable files.

Options:
${COMMON}
  --version         the version

Run “analyst-markup COMMAND --help” for a command's options.
`;

export const COMMAND_HELP: Record<CommandName, string> = {
  check: `Usage: analyst-markup check [options] [paths…]

Checks the registry (YAML syntax, fields, ids, references, dates, alias collisions) and the
claim/event tags of the texts under paths (default: the current folder): broken tags, unknown
attributes, bad dates, entity ids and event types the registry does not know, tag ids used twice.
A .yaml/.yml file named in paths is checked as a registry file too.

Prints one line per problem:  file:line:col: severity: message [code]
Exit code 1 when there is an error; warnings alone exit 0.

Options:
  --format text|json   output format (default text); --json is short for --format json
${COMMON}
`,
  scan: `Usage: analyst-markup scan [options] files…

Lists every mention of a registry entity in the files (folders: their .txt/.md/.markdown files):
  file:line:col: entity-id "matched text"

Options:
  --json               JSON output: { "mentions": [ { file, line, column, endLine, endColumn, entityId, name, text } ] }
${COMMON}
`,
  export: `Usage: analyst-markup export [options] [paths…]

Exports the claims and events tagged in the texts under paths (default: the current folder).
CSV (RFC 4180) columns: document, line, column, kind, id, parent, text, attributes, entities,
and for events ACLED-like event_date, event_type, actor1, assoc_actor_1, actor2, assoc_actor_2,
location, notes. Entity ids are resolved to registry names. JSON holds the same records.

Options:
  --format csv|json    output format (default csv)
  --format graphml     the actor network (SPEC §10) as GraphML, for Gephi and yEd
  --format timeline-json  the timeline's items, lanes and role spans as JSON
  --date D             graphml: the network as of D (yyyy, yyyy-mm or yyyy-mm-dd); default every date
  --entity ID          graphml: the entity and its neighbours; timeline-json: its tags, lane and roles
  --from D, --to D     timeline-json: items overlapping D … D (whole periods)
${COMMON}
`,
  import: `Usage: analyst-markup import phoenix [options] FILE…

Converts TABARI/PETRARCH/Phoenix actor dictionaries (*.actors.txt) into one registry YAML file:
one entity per actor, + lines as aliases, [CODE date] lines as dated roles with readable CAMEO
titles ("Government of Iran"). Problems in the dictionaries are warnings on stderr (file:line).

Options:
  --no-comments        leave the dictionaries' comments and the original codes out of the YAML
  --century-pivot YY   two-digit years up to YY are 20YY, later ones 19YY (default 30, as TABARI)
${COMMON}
`,
};
