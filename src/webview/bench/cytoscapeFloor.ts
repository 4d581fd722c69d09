// For the views benchmark only (scripts/bench-views.mjs builds it into out/bench/; it is not part
// of the extension): Cytoscape.js alone drawing the network view's nodes and edges, with the view's
// renderer options and its lean stylesheet for big networks, the positions given. Opened the same
// way as the network view, it is the library's own floor for that drawing on this machine, measured
// in the same run (test/integration/bench/viewTimings.ts).

import cytoscape, { ElementDefinition } from 'cytoscape';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };
const vscode = acquireVsCodeApi();
const container = document.getElementById('graph')!;
const cy = cytoscape({
  container,
  elements: [],
  textureOnViewport: true,
  hideEdgesOnViewport: true,
  pixelRatio: 1,
  style: [
    {
      selector: 'node',
      style: { width: 'data(size)', height: 'data(size)', 'border-width': 2, label: '', 'background-color': 'data(color)', 'border-color': 'data(color)' },
    },
    { selector: 'node[?named]', style: { label: 'data(label)', color: '#cccccc', 'font-size': 11, 'text-valign': 'bottom', 'min-zoomed-font-size': 7 } },
    { selector: 'edge', style: { width: 'data(width)', 'curve-style': 'haystack', 'haystack-radius': 0, 'line-color': 'data(color)' } },
  ],
});

window.addEventListener('message', (event: MessageEvent) => {
  const message = event.data as { elements?: ElementDefinition[]; extent?: { width: number; height: number } };
  if (!Array.isArray(message.elements)) return;
  const received = performance.now();
  cy.batch(() => cy.add(message.elements!));
  // The grid fitted as the view fits it (from its size: no measuring of every element).
  const extent = message.extent ?? { width: 0, height: 0 };
  const margin = 140;
  const zoom = Math.min(cy.width() / (extent.width + margin), cy.height() / (extent.height + margin));
  cy.viewport({ zoom, pan: { x: (cy.width() - extent.width * zoom) / 2, y: (cy.height() - extent.height * zoom) / 2 } });
  const handled = performance.now();
  // As the views report a drawing: after the next frame, then a task.
  requestAnimationFrame(() =>
    setTimeout(
      () =>
        vscode.postMessage({
          drawn: true,
          handleMs: handled - received,
          paintMs: performance.now() - handled,
          nodes: cy.nodes().length,
          edges: cy.edges().length,
        }),
      0,
    ),
  );
});
vscode.postMessage({ ready: true });
