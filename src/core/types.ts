// Shared data shapes of the pure core. Nothing here may import `vscode` or Node built-ins:
// the same core runs in the desktop extension host, the web worker host and the CLI.

export const ENTITY_TYPES = ['person', 'organization', 'state', 'place', 'position', 'other'] as const;
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
  /** As written, or the position's name when the role names a `post` without a title. */
  title: string;
  /** As written, or the position's `of` when the role names a `post` without one. */
  of?: string;
  /** The id of the `position` entity this role holds (SPEC §1, 0.2). */
  post?: string;
  from?: PartialDate;
  to?: PartialDate;
  /** Whether `title` / `of` were written in the registry (not filled in from the post). */
  titleWritten?: boolean;
  ofWritten?: boolean;
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
  /** For a `position`: the body the office belongs to (an entity id). */
  of?: string;
  /** A Wikidata QID (`Q…`). */
  wikidata?: string;
  /** FollowTheMoney entity ids this entity was imported from (`analyst-markup import ftm`). */
  ftm?: string[];
  /** Longer names holding this entity's name that are not it (`American University of Beirut` for Beirut): no mention there. */
  notAliases?: string[];
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
  /**
   * The entity meant. Straight from the matcher this may be a shared-name key (see
   * `Registry.candidatesOf`); after resolution (core/resolution.ts) it is always an entity id.
   */
  entityId: string;
  /** After resolution, where the text can name more than one entity, or was resolved by a rule: */
  candidates?: readonly string[];
  /** How `entityId` was chosen (SPEC §9); absent means `unique`. */
  resolution?: Resolution;
  /** The position through which an office mention was resolved. */
  via?: string;
}

/** How a mention's entity was chosen (SPEC §7, §9). */
export type Resolution = 'unique' | 'link' | 'frontMatter' | 'coreference' | 'office' | 'context' | 'ambiguous';

export interface EventType {
  id: string;
  label?: string;
  description?: string;
}
