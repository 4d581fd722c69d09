// Shared data shapes of the pure core. Nothing here may import `vscode` or Node built-ins:
// the same core runs in the desktop extension host, the web worker host and the CLI.

export const ENTITY_TYPES = ['person', 'organization', 'state', 'place', 'other'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** A date as precise as the registry wrote it: `2025`, `2025-08` or `2025-08-05`. */
export interface PartialDate {
  year: number;
  month?: number; // 1-12
  day?: number; // 1-31
  /** The text as written, for display. */
  text: string;
}

export interface Role {
  title: string;
  of?: string;
  from?: PartialDate;
  to?: PartialDate;
}

export interface Alias {
  text: string;
  /** Explicit `caseSensitive: true`, or implied by an all-capitals alias of up to 4 letters. */
  caseSensitive: boolean;
}

/** Zero-based position in a source file; `offset` is in UTF-16 code units. */
export interface SourcePosition {
  line: number;
  character: number;
  offset: number;
}

export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

export interface Entity {
  id: string;
  name: string;
  type: EntityType;
  aliases: Alias[];
  summary?: string;
  roles: Role[];
  affiliations: string[];
  links: string[];
  tags: string[];
  /** Where the entity is defined: the registry file's URI string and the range of its `id` value. */
  source: { file: string; idRange: SourceRange; entryRange: SourceRange };
}

export type Severity = 'error' | 'warning' | 'info';

export interface CoreDiagnostic {
  severity: Severity;
  message: string;
  range: SourceRange;
  /** Stable machine-readable code, e.g. `duplicate-id`; used for quick fixes and filtering. */
  code: string;
  related?: { file: string; range: SourceRange; message: string }[];
}

/** One mention of an entity in a text; offsets are UTF-16 code units, end exclusive. */
export interface Mention {
  start: number;
  end: number;
  entityId: string;
}

export interface EventType {
  id: string;
  label?: string;
  description?: string;
}
