// What the extension hands the timeline and network views (src/vscode/views.ts) when their
// bundle is loaded: its services and the one WorkspaceTags, so that the views share the
// extension's tag index instead of building their own. Types only.

import type { Entity } from '../core/types';
import type { Services } from './services';
import type { ViewData } from './viewData';
import type { WorkspaceTags } from './workspaceTags';

export interface ViewsHost {
  services: Services;
  workspaceTags: WorkspaceTags;
  /** navigation.ts openEntity: an entity's registry entry, its id selected. */
  openEntity(entity: Entity): Promise<unknown>;
}

/** What the views themselves get (views.ts): the host and the data both views are drawn from. */
export interface ViewsContext extends ViewsHost {
  viewData: ViewData;
}

/** What the views' bundle exports (dist/views.js, dist/web/views.js). */
export interface ViewsModule {
  createViews(host: ViewsHost): Views;
}

export interface Views {
  showTimeline(arg?: unknown): Promise<unknown>;
  showNetwork(arg?: unknown): Promise<unknown>;
  timelineDrawn(after?: unknown): Promise<unknown> | undefined;
  networkDrawn(after?: unknown): Promise<unknown> | undefined;
}
