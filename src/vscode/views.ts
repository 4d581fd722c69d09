// Entry of the views' own bundle (esbuild.mjs: dist/views.js and dist/web/views.js), loaded by
// viewCommands.ts on the first showTimeline/showNetwork: the views' code and their share of the
// core stay out of the extension's bundle, so activation does not grow with them.

import { NetworkCommand } from './networkView';
import { TimelineCommand } from './timelineView';
import { ViewData } from './viewData';
import type { Views, ViewsContext, ViewsHost } from './viewsHost';

export function createViews(host: ViewsHost): Views {
  const context: ViewsContext = { ...host, viewData: new ViewData(host.services, host.workspaceTags) };
  host.services.context.subscriptions.push(context.viewData);
  const timeline = new TimelineCommand(context);
  const network = new NetworkCommand(context);
  return {
    showTimeline: (arg) => timeline.run(arg),
    showNetwork: (arg) => network.run(arg),
    timelineDrawn: (after) => timeline.drawn(after),
    networkDrawn: (after) => network.drawn(after),
  };
}
