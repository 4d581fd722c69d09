// Usage texts of `analyst-markup`.

import type { CommandName } from './args';

const REGISTRY_NOTE = `  --registry GLOB   where the entity registry is read from (repeatable; a file, a folder or a
                    glob relative to the current folder). Default: **/entities.{yaml,yml},
                    **/*.entities.{yaml,yml}, **/entities/**/*.{yaml,yml} (node_modules and .git excluded)`;

const COMMON = `${REGISTRY_NOTE}
  -o, --output FILE write the output to FILE instead of stdout
  --progress        show progress on stderr even when it is not a terminal (--no-progress: never)
  -q, --quiet       no summary or notes on stderr
  --follow-symlinks follow symbolic links that lead out of the folders given (default: skipped, with a note)
  -h, --help        this help`;

export const GENERAL_HELP = `analyst-markup — entity registry and claim/event markup, from the command line

Usage:
  analyst-markup check [paths…]                 registry and markup diagnostics (exit 1 on errors)
  analyst-markup scan [--json] files…           mentions of registry entities
  analyst-markup export --format csv|json [paths…]   claims and events as data
  analyst-markup export --format w3c [-o out.jsonld] [paths…]   as W3C Web Annotations (JSON-LD)
  analyst-markup export --format brat -o FOLDER [paths…]        as brat standoff (.txt + .ann per text)
  analyst-markup export --format graphml|timeline-json [paths…]   the network / timeline views' data
  analyst-markup import phoenix FILE… [-o out.yaml]  TABARI/Phoenix actor dictionaries to registry YAML
  analyst-markup import ftm FILE… [-o out.yaml|folder/] [--overwrite]   FollowTheMoney JSON lines to registry YAML
  analyst-markup export --format ftm [paths…]   registry, mentions, claims and events as FollowTheMoney
  analyst-markup fix --ids [paths…]             renumber tag IDs used more than once (after a merge)
  analyst-markup lsp [--stdio | --socket PORT]  a language server for other editors (docs/editors.md)

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
location, notes, and wikidata (the QIDs of the entities). Entity ids are resolved to registry
names. JSON holds the same records.
CSV starts with a UTF-8 byte order mark (Excel then reads Arabic and Persian right), and a cell
starting with = + - @, a tab or a carriage return gets a leading ' (no formula injection).

w3c: one JSON-LD AnnotationCollection (W3C Web Annotation Data Model), one annotation per claim
and event: target the text's file URL with a TextQuoteSelector and a TextPositionSelector (code
points of the text without tag markup), body the claimant or actors (Wikidata links where the
registry has wikidata), event type, confidence and Admiralty grades.

ftm: the registry (entities, roles as Occupancy/Membership, affiliations) and the texts
(PlainText documents, Mention/Documentation of the entities they mention, Event, claims as
Documentation) as FollowTheMoney entities, one JSON object a line, as Aleph ingests them.

brat: writes into FOLDER (-o, required) a .txt (the text without tag markup) and a .ann per text
with mentions and tags (T), claims and events with their arguments (E), grades (A) and Wikidata
normalisations (N), plus annotation.conf, visual.conf and tools.conf: brat opens FOLDER as is.

Options:
  --format csv|json|w3c|ftm|brat   output format (default csv)
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

Usage: analyst-markup import ftm [options] FILE…

Converts FollowTheMoney entities (JSON lines, as OpenSanctions and Aleph export them) into
registry YAML: Person, Organization, Company, PublicBody, LegalEntity, Country, Address and
Position entities; Occupancy as dated roles with \`post\`; Membership as affiliations (or roles,
when dated); Directorship and Employment as roles. Weak aliases are left out of matching (a
comment). Each entry keeps its FtM id (\`ftm:\`) and a comment with its source line and an
import hash: a re-import updates the entries it wrote and keeps those edited by hand since.
Broken lines are warnings on stderr (file:line); the rest is imported.

  -o FILE.yaml         one list file (created, or merged into)
  -o FOLDER/           one file per entity in FOLDER (a path ending in / or an existing folder)
  (no -o)              the list on stdout
  --overwrite          replace entries edited by hand since their import too
`,
  fix: `Usage: analyst-markup fix --ids [options] [paths…]

Renumbers the tag IDs used more than once in the texts under paths (default: the current folder),
as after merging two branches that tagged apart: the first use keeps its ID (files in path order,
each from the top), every later use gets a fresh random one. Only the ID changes; every other
byte of the files stays as it was. A file that changes on disk while fix runs is left alone.
Prints one line per renumbered ID:  file:line:col: #old → #new (first used at file:line:col)

Options:
  --ids                renumber duplicate tag IDs (required: the only fix so far)
  --progress        show progress on stderr even when it is not a terminal (--no-progress: never)
  -q, --quiet       no summary on stderr
  -h, --help        this help
`,
};

export const LSP_HELP = `Usage: analyst-markup lsp [--stdio | --socket PORT]

A Language Server Protocol server on the same core as the extension, for Neovim, Helix, Emacs,
Zed and any other LSP client (setups: docs/editors.md). It serves plain text and Markdown
documents and the registry files of the workspace folders the client sends: semantic tokens
for mentions, hover cards, go to definition, references, diagnostics, completion, quick fixes,
document symbols, and the commands analystMarkup.tagClaim, tagEvent, untag and linkMention.
Settings (initializationOptions or workspace/configuration): analystMarkup.registry.files,
analystMarkup.highlight.enabled, analystMarkup.highlight.languages.

Options:
  --stdio         talk over stdin/stdout (the default)
  --socket PORT   listen on 127.0.0.1:PORT for one client instead
  -h, --help      this help
`;
