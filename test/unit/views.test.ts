// The data of the timeline and network views (issue 12): timeline ranges of partial dates, the
// network as of a date (roles starting or ending that day, partial dates, undated tags), and
// GraphML that parses as XML with every node and edge.
import { strict as assert } from 'node:assert';
import { collectTags } from '../../src/core/exportTags';
import { escapeXml, formatGraphml } from '../../src/core/graphml';
import { buildNetwork, networkRange } from '../../src/core/network';
import { RegistryStore } from '../../src/core/registry';
import { buildTimeline, NO_ACTOR_LANE } from '../../src/core/timeline';
import { dayRangeOf, parseDayRange } from '../../src/core/viewDates';
import { sax } from './sax';

const REGISTRY = `entities:
  - id: ali-larijani
    name: Ali Larijani
    type: person
    roles:
      - title: Speaker of the Parliament of Iran
        of: iran-parliament
        from: 2008-05-28
        to: 2020-05-28
      - post: iran-snsc-secretary
        from: 2025-08-05
    affiliations: [iran]
  - id: iran-snsc-secretary
    name: Secretary of the Supreme National Security Council
    type: position
    of: iran-snsc
  - id: iran-snsc
    name: Supreme National Security Council
    type: organization
  - id: iran-parliament
    name: Islamic Consultative Assembly
    type: organization
  - id: iran
    name: Iran
    type: state
  - id: iraq
    name: Iraq
    type: state
  - id: lebanon
    name: Lebanon
    type: state
  - id: hezbollah
    name: Hezbollah
    type: organization
    roles:
      - title: Member of the Government of Lebanon
        of: lebanon
        from: 2025
        to: 2025-08
`;

const TEXT = `---
date: 2025-08-14
---
[Iran and Iraq signed]{.event #e1 type=agree actors="iran iraq" date=2025-08-11}
[Larijani met Lebanese leaders]{.event #e2 type=consult actors=ali-larijani targets=lebanon date=2025-08-13}
[Larijani accused the US]{.event #e3 type=accuse actors=ali-larijani targets=iraq date=2025-08}
["We support Lebanon"]{.claim #c1 by=ali-larijani about="lebanon hezbollah" confidence=likely date=2025}
[An undated claim]{.claim #c2 by=iran about=iraq}
[Hezbollah rejected]{.event #e4 type=reject actors=hezbollah targets=lebanon}
[Ghost event]{.event #e5 type=threaten actors=nobody-known targets=iran date=2026-01-02}
`;

function registry() {
  const store = new RegistryStore();
  store.setFile('file:///ws/entities.yaml', REGISTRY);
  const r = store.build();
  assert.equal(r.errorCount, 0, JSON.stringify([...r.diagnostics.values()]));
  return r;
}

const TAGS = collectTags([{ path: 'notes/a.md', text: TEXT }]).tags;
const NO_DOC_DATE = collectTags([{ path: 'notes/b.md', text: '[Undated]{.event #u1 type=agree actors=iran targets=iraq}\n' }]).tags;

describe('views: partial dates as day ranges', () => {
  it('a year, a month and a day are half-open ranges of days', () => {
    assert.deepEqual(parseDayRange('2025'), { start: '2025-01-01', end: '2026-01-01', precision: 'year', text: '2025' });
    assert.deepEqual(parseDayRange('2025-08'), { start: '2025-08-01', end: '2025-09-01', precision: 'month', text: '2025-08' });
    assert.deepEqual(parseDayRange('2025-12'), { start: '2025-12-01', end: '2026-01-01', precision: 'month', text: '2025-12' });
    assert.deepEqual(parseDayRange('2024-02-29'), { start: '2024-02-29', end: '2024-03-01', precision: 'day', text: '2024-02-29' });
    assert.deepEqual(parseDayRange('2025-12-31'), { start: '2025-12-31', end: '2026-01-01', precision: 'day', text: '2025-12-31' });
    assert.equal(parseDayRange('2025-02-30'), undefined);
    assert.equal(parseDayRange('soon'), undefined);
    assert.equal(dayRangeOf({ year: 2024, month: 2, text: '2024-02' }).end, '2024-03-01');
  });
});

describe('views: timeline', () => {
  const r = registry();
  const data = buildTimeline(TAGS, r.entities);

  it('shows events and dated claims, partial dates as ranges, undated claims left out and counted', () => {
    const byKey = new Map(data.items.map((i) => [i.key, i]));
    assert.deepEqual([...byKey.keys()].sort(), ['c1', 'e1', 'e2', 'e3', 'e4', 'e5']);
    assert.equal(data.undated, 1); // c2: a claim without `date`
    assert.deepEqual(byKey.get('c1')?.date, { start: '2025-01-01', end: '2026-01-01', precision: 'year', text: '2025' });
    assert.deepEqual(byKey.get('e3')?.date, { start: '2025-08-01', end: '2025-09-01', precision: 'month', text: '2025-08' });
    assert.equal(byKey.get('e1')?.date.end, '2025-08-12');
    // An event without a date of its own takes the document's date.
    assert.equal(byKey.get('e4')?.dateSource, 'document');
    assert.equal(byKey.get('e4')?.date.start, '2025-08-14');
    assert.equal(byKey.get('e1')?.label, 'agree');
    assert.equal(byKey.get('c1')?.label, '"We support Lebanon"');
    assert.equal(byKey.get('c1')?.confidence, 'likely');
    assert.deepEqual(byKey.get('e2')?.tag, { document: 'notes/a.md', id: 'e2', line: 5, column: 1, endLine: 5, endColumn: 109 });
    assert.deepEqual(data.extent, { start: '2025-01-01', end: '2026-01-03' });
  });

  it('puts items in lanes per actor and claimant', () => {
    const lanes = new Map(data.lanes.map((l) => [l.id, l]));
    assert.equal(lanes.get('ali-larijani')?.itemCount, 3);
    assert.equal(lanes.get('iran')?.itemCount, 1);
    assert.equal(lanes.get('nobody-known')?.unknown, true);
    assert.equal(data.items.find((i) => i.key === 'e1')?.lanes.join(' '), 'iran iraq');
    assert.equal(data.lanes[0].id, 'ali-larijani'); // most items first
  });

  it('with an entity: only its tags, its lane first, its roles as bars (a post takes the position’s body)', () => {
    const chosen = buildTimeline(TAGS, r.entities, { entity: 'lebanon' });
    assert.deepEqual(chosen.items.map((i) => i.key).sort(), ['c1', 'e2', 'e4']);
    assert.equal(chosen.lanes[0].id, 'lebanon');
    assert.equal(chosen.lanes[0].itemCount, 0);
    const larijani = buildTimeline(TAGS, r.entities, { entity: 'ali-larijani' });
    assert.deepEqual(
      larijani.roleSpans.map((s) => [s.title, s.of, s.start, s.end]),
      [
        ['Speaker of the Parliament of Iran', 'iran-parliament', '2008-05-28', '2020-05-29'],
        ['Secretary of the Supreme National Security Council', 'iran-snsc', '2025-08-05', undefined],
      ],
    );
    assert.equal(larijani.extent?.start, '2008-05-28');
  });

  it('filters by event type, document and date range (whole periods overlap)', () => {
    assert.deepEqual(
      buildTimeline(TAGS, r.entities, { eventTypes: ['agree', 'reject'] })
        .items.map((i) => i.key)
        .sort(),
      ['e1', 'e4'],
    );
    assert.equal(buildTimeline(TAGS, r.entities, { documents: ['other.md'] }).items.length, 0);
    // 2025-08-12 … 2025-08-13: e2 (13th), e3 (all of August), c1 (all of 2025) overlap; e1 (11th) does not.
    assert.deepEqual(
      buildTimeline(TAGS, r.entities, { from: '2025-08-12', to: '2025-08-13' })
        .items.map((i) => i.key)
        .sort(),
      ['c1', 'e2', 'e3'],
    );
    assert.deepEqual(
      buildTimeline(TAGS, r.entities, { from: '2026' }).items.map((i) => i.key),
      ['e5'],
    );
    assert.deepEqual(data.eventTypes, ['accuse', 'agree', 'consult', 'reject', 'threaten']);
  });

  it('an item without an actor goes to the no-actor lane; a repeated #id gets its own key', () => {
    const tags = collectTags([{ path: 'x.md', text: '[a]{.event #d1 type=agree date=2025}\n[b]{.event #d1 type=agree date=2025}\n' }]).tags;
    const t = buildTimeline(tags, r.entities);
    assert.deepEqual(
      t.items.map((i) => i.key),
      ['d1', 'd1~1'],
    );
    assert.deepEqual(
      t.lanes.map((l) => l.id),
      [NO_ACTOR_LANE],
    );
  });
});

describe('views: network as of a date', () => {
  const r = registry();
  const edgeIds = (date?: string, tags = TAGS) => buildNetwork(tags, r.entities, { date }).edges.map((e) => e.id);

  it('a role starting on the date is held that day, not the day before (post → the position’s body)', () => {
    assert.ok(edgeIds('2025-08-05').includes('role:ali-larijani>iran-snsc:Secretary of the Supreme National Security Council'));
    assert.ok(!edgeIds('2025-08-04').some((id) => id.startsWith('role:ali-larijani>iran-snsc')));
  });

  it('a role ending on the date is held that day, not the day after', () => {
    const speaker = 'role:ali-larijani>iran-parliament:Speaker of the Parliament of Iran';
    const tags = collectTags([{ path: 'y.md', text: '[x]{.claim #k1 by=ali-larijani about=iran date=2019}\n' }]).tags;
    assert.ok(edgeIds('2020-05-28', tags).includes(speaker));
    assert.ok(!edgeIds('2020-05-29', tags).includes(speaker));
  });

  it('partial dates: a role to 2025-08 holds through August; an event dated 2025-08 counts from 1 August', () => {
    const member = 'role:hezbollah>lebanon:Member of the Government of Lebanon';
    assert.ok(edgeIds('2025-08-31').includes(member));
    assert.ok(!edgeIds('2025-09-01').includes(member));
    assert.ok(edgeIds('2025-08-01').includes('event:ali-larijani>iraq:accuse'));
    assert.ok(!edgeIds('2025-07-31').includes('event:ali-larijani>iraq:accuse'));
    // The date itself partial: as of 2025-07 the role (from 2025) is held, the August event not yet.
    assert.ok(edgeIds('2025-07').includes(member));
    assert.ok(!edgeIds('2025-07').includes('event:ali-larijani>iraq:accuse'));
  });

  it('events up to the date; later ones counted; undated tags always shown and marked', () => {
    const before = buildNetwork(TAGS, r.entities, { date: '2025-08-12' });
    const ids = before.edges.map((e) => e.id);
    assert.ok(ids.includes('event:iran>iraq:agree')); // actors without targets: linked to each other
    assert.ok(!ids.includes('event:ali-larijani>lebanon:consult')); // the 13th
    assert.ok(ids.includes('claim:iran>iraq:claims about')); // undated claim c2
    assert.equal(before.edges.find((e) => e.id === 'claim:iran>iraq:claims about')?.undated, 1);
    assert.equal(before.later, 3); // e2 (13th), e4 (document date 14th), e5 (2026)
    assert.equal(before.undated, 1);
    const undated = buildNetwork(NO_DOC_DATE, r.entities, { date: '1990' });
    assert.deepEqual(
      undated.edges.map((e) => [e.id, e.undated]),
      [['event:iran>iraq:agree', 1]],
    );
    assert.equal(undated.range, undefined);
  });

  it('nodes: the entities the tags name and one hop of roles and affiliations; typed, counted; unknown ids kept', () => {
    const all = buildNetwork(TAGS, r.entities, { mentionCounts: new Map([['iran', 7]]) });
    const nodes = new Map(all.nodes.map((n) => [n.id, n]));
    assert.deepEqual([...nodes.keys()].sort(), ['ali-larijani', 'hezbollah', 'iran', 'iran-parliament', 'iran-snsc', 'iraq', 'lebanon', 'nobody-known']);
    assert.equal(nodes.get('iran')?.type, 'state');
    assert.equal(nodes.get('iran')?.mentions, 7);
    assert.equal(nodes.get('ali-larijani')?.tags, 3);
    assert.equal(nodes.get('nobody-known')?.unknown, true);
    assert.ok(all.edges.some((e) => e.id === 'affiliation:ali-larijani>iran:affiliated'));
    const claims = all.edges.find((e) => e.id === 'claim:ali-larijani>lebanon:claims about');
    assert.deepEqual(
      claims?.tags.map((t) => t.id),
      ['c1'],
    );
    assert.deepEqual(all.range, { start: '2008-05-28', end: '2026-01-03' });
    // As of 2025-08-12 the 2026 event's unknown actor is not there yet.
    assert.ok(!buildNetwork(TAGS, r.entities, { date: '2025-08-12' }).nodes.some((n) => n.id === 'nobody-known'));
  });

  it('repeated events between the same actors make one counted edge', () => {
    const tags = collectTags([
      {
        path: 'z.md',
        text: '[a]{.event #r1 type=accuse actors=iran targets=iraq date=2025}\n[b]{.event #r2 type=accuse actors=iran targets=iraq date=2025-03}\n',
      },
    ]).tags;
    const edge = buildNetwork(tags, r.entities).edges.find((e) => e.kind === 'event');
    assert.equal(edge?.count, 2);
    assert.deepEqual(
      edge?.tags.map((t) => t.id),
      ['r1', 'r2'],
    );
  });

  it('with an entity: it and its neighbours only', () => {
    const focus = buildNetwork(TAGS, r.entities, { entity: 'lebanon' });
    assert.deepEqual(
      focus.nodes.map((n) => n.id),
      ['ali-larijani', 'hezbollah', 'lebanon'],
    );
    assert.ok(focus.edges.every((e) => e.source === 'lebanon' || e.target === 'lebanon'));
  });

  it('the slider’s range alone (networkRange) is the network’s range at every date', () => {
    for (const entity of [undefined, 'lebanon', 'ali-larijani']) {
      for (const tags of [TAGS, NO_DOC_DATE]) {
        const range = networkRange(tags, r.entities, entity);
        for (const date of [undefined, '1990', '2025-08-12', '2030'])
          assert.deepEqual(range, buildNetwork(tags, r.entities, { date, entity }).range, `${entity} ${date}`);
      }
    }
    assert.equal(networkRange([], r.entities), undefined);
  });
});

function parseXml(xml: string): { nodes: Map<string, Record<string, string>>; edges: Record<string, string>[] } {
  const parser = sax.parser(true);
  const nodes = new Map<string, Record<string, string>>();
  const edges: Record<string, string>[] = [];
  let current: Record<string, string> | undefined;
  let key: string | undefined;
  parser.onerror = (e) => {
    throw e;
  };
  parser.onopentag = (node) => {
    if (node.name === 'node') nodes.set(node.attributes.id, (current = { id: node.attributes.id }));
    else if (node.name === 'edge') edges.push((current = { ...node.attributes }));
    else if (node.name === 'data') key = node.attributes.key;
  };
  parser.ontext = (text) => {
    if (current && key) current[key] = (current[key] ?? '') + text;
  };
  parser.onclosetag = (name) => {
    if (name === 'data') key = undefined;
  };
  parser.write(xml).close();
  return { nodes, edges };
}

describe('views: GraphML', () => {
  const r = registry();

  it('parses as XML with every node and edge, ends pointing at nodes', () => {
    const network = buildNetwork(TAGS, r.entities);
    const { nodes, edges } = parseXml(formatGraphml(network));
    assert.equal(nodes.size, network.nodes.length);
    assert.equal(edges.length, network.edges.length);
    const labels = [...nodes.values()].map((n) => n.label).sort();
    assert.deepEqual(labels, network.nodes.map((n) => n.name).sort());
    for (const e of edges) assert.ok(nodes.has(e.source) && nodes.has(e.target));
    const agree = edges.find((e) => e.elabel === 'agree');
    assert.equal(agree?.kind, 'event');
    assert.equal(nodes.get(agree.source)?.entity, 'iran');
  });

  it('escapes hostile names and drops characters XML cannot hold', () => {
    const store = new RegistryStore();
    store.setFile(
      'file:///ws/entities.yaml',
      `entities:\n  - id: evil\n    name: "<script>&amp; \\"x\\" 'y' ]]> --\\u0001"\n    type: person\n  - id: good\n    name: Good\n    type: state\n`,
    );
    const hostile = store.build();
    const tags = collectTags([{ path: 'h.md', text: '[x]{.event #h1 type="a<b&c" actors=evil targets=good}\n' }]).tags;
    const xml = formatGraphml(buildNetwork(tags, hostile.entities));
    const { nodes, edges } = parseXml(xml);
    assert.equal([...nodes.values()].find((n) => n.entity === 'evil')?.label, `<script>&amp; "x" 'y' ]]> --`);
    assert.equal(edges[0].elabel, 'a<b&c');
    assert.equal(escapeXml('a\u0000b\uD800c'), 'abc');
  });
});

/** The Python with Debian's python3-networkx (scripts/dev.sh installs it): /usr/bin/python3, else the one on PATH. */
function networkxPython(): string {
  const { existsSync } = require('node:fs') as typeof import('node:fs');
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

/** `xml` read by networkx.read_graphml, an independent GraphML reader: its nodes and edges with their attributes. */
function readWithNetworkx(xml: string): {
  directed: boolean;
  nodes: Record<string, Record<string, unknown>>;
  edges: { source: string; target: string; data: Record<string, unknown> }[];
} {
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  const script = [
    'import io, json, sys',
    'try:',
    '    import networkx',
    'except ImportError:',
    '    sys.exit("networkx is missing: install Debian\'s python3-networkx (scripts/dev.sh does)")',
    'g = networkx.read_graphml(io.BytesIO(sys.stdin.buffer.read()))',
    'print(json.dumps({"directed": g.is_directed(), "nodes": {n: d for n, d in g.nodes(data=True)},',
    '    "edges": [{"source": s, "target": t, "data": d} for s, t, d in g.edges(data=True)]}))',
  ].join('\n');
  return JSON.parse(execFileSync(networkxPython(), ['-c', script], { input: xml, encoding: 'utf8', maxBuffer: 64 << 20 })) as ReturnType<
    typeof readWithNetworkx
  >;
}

describe('views: GraphML read by networkx, and what Gephi and yEd take from it', () => {
  const r = registry();
  const network = buildNetwork(TAGS, r.entities);

  it('networkx reads every node and edge with the attributes Gephi takes as position, size, colour, label and weight', () => {
    const positions = new Map(network.nodes.map((n, i) => [n.id, { x: 100 * i, y: 50 + 10 * i }]));
    const xml = formatGraphml(network, { positions });
    // GraphML: every key declared before the graph.
    assert.ok(xml.lastIndexOf('<key ') < xml.indexOf('<graph '));
    const read = readWithNetworkx(xml);
    assert.equal(read.directed, true);
    assert.equal(Object.keys(read.nodes).length, network.nodes.length);
    assert.equal(read.edges.length, network.edges.length);
    const byEntity = new Map(Object.values(read.nodes).map((d) => [d.entity, d]));
    network.nodes.forEach((node, i) => {
      const d = byEntity.get(node.id);
      assert.ok(d, `${node.id} is a node`);
      assert.equal(d.label, node.name);
      assert.equal(d.type, node.type);
      assert.equal(d.x, 100 * i, 'x as the view drew it');
      assert.equal(d.y, -(50 + 10 * i), 'y as the view drew it, upwards as Gephi reads it');
      assert.equal(typeof d.size, 'number');
      const fill = /^#(..)(..)(..)$/.exec(
        { person: '#5B9BD5', organization: '#C586C0', state: '#4EC9B0', place: '#D7BA7D', position: '#B5CEA8', other: '#CE9178' }[node.type],
      )!;
      assert.deepEqual([d.r, d.g, d.b], [parseInt(fill[1], 16), parseInt(fill[2], 16), parseInt(fill[3], 16)], `${node.id} is coloured by its type`);
    });
    const agree = read.edges.find((e) => e.data.kind === 'event' && e.data.label === 'agree');
    assert.ok(agree, 'the agreement is an edge labelled with its event type');
    assert.equal(read.nodes[agree.source].entity, 'iran');
    assert.equal(agree.data.weight, agree.data.count);
    assert.deepEqual([agree.data.r, agree.data.g, agree.data.b], [0xd1, 0x34, 0x38]);
  });

  it('carries yEd’s node and edge graphics: geometry, fill from the entity type, label, line colour', () => {
    const xml = formatGraphml(network);
    assert.match(xml, /<key id="ng" for="node" yfiles\.type="nodegraphics"/);
    assert.match(xml, /<key id="eg" for="edge" yfiles\.type="edgegraphics"/);
    const shapes = [
      ...xml.matchAll(
        /<y:ShapeNode><y:Geometry x="(-?[\d.]+)" y="(-?[\d.]+)" width="(\d+)" height="\d+"\/><y:Fill color="(#[0-9A-F]{6})"[^>]*\/>.*?<y:NodeLabel[^>]*>([^<]*)<\/y:NodeLabel>/g,
      ),
    ];
    assert.equal(shapes.length, network.nodes.length);
    const iran = shapes.find((m) => m[5] === 'Iran');
    assert.ok(iran);
    assert.equal(iran[4], '#4EC9B0', 'a state’s fill');
    // Without the view's positions (the CLI): a grid, no two nodes at one place.
    assert.equal(new Set(shapes.map((m) => `${m[1]},${m[2]}`)).size, shapes.length);
    assert.equal([...xml.matchAll(/<y:PolyLineEdge><y:LineStyle color="#[0-9A-F]{6}"/g)].length, network.edges.length);
    // networkx reads the graphics too (its yfiles support): the labels as yEd shows them.
    const read = readWithNetworkx(xml);
    assert.deepEqual(
      Object.values(read.nodes)
        .map((d) => d.label)
        .sort(),
      network.nodes.map((n) => n.name).sort(),
    );
  });

  it('networkx reads hostile names back as they were', () => {
    const store = new RegistryStore();
    store.setFile(
      'file:///ws/entities.yaml',
      `entities:\n  - id: evil\n    name: "<b>&amp; \\"x\\" 'y' ]]> --"\n    type: person\n  - id: good\n    name: Good\n    type: state\n`,
    );
    const tags = collectTags([{ path: 'h.md', text: '[x]{.event #h1 type="a<b&c" actors=evil targets=good}\n' }]).tags;
    const read = readWithNetworkx(formatGraphml(buildNetwork(tags, store.build().entities)));
    assert.equal(Object.values(read.nodes).find((d) => d.entity === 'evil')?.label, `<b>&amp; "x" 'y' ]]> --`);
    assert.equal(read.edges[0].data.label, 'a<b&c');
  });
});

describe('views: messages from a webview are checked before the extension acts', () => {
  const { parseViewMessage, pngBytes, exportDataFits, isIsoDay } = require('../../src/core/viewMessages') as typeof import('../../src/core/viewMessages');

  it('node positions for the GraphML: an object of [x, y] pairs of finite numbers, nothing else', () => {
    const { parseNodePositions } = require('../../src/core/viewMessages') as typeof import('../../src/core/viewMessages');
    assert.deepEqual(
      [...parseNodePositions('{"iran":[1.5,-2],"iraq":[0,0]}')!],
      [
        ['iran', { x: 1.5, y: -2 }],
        ['iraq', { x: 0, y: 0 }],
      ],
    );
    for (const bad of ['', '[]', '[[1,2]]', '{"a":[1]}', '{"a":[1,"2"]}', '{"a":{"x":1,"y":2}}', '{"a":[1,2,3]}', 'null', '{"":[1,2]}', '{"a":[1e999,2]}'])
      assert.equal(parseNodePositions(bad), undefined, bad);
    // __proto__ is a plain key of the Map, never the prototype.
    assert.deepEqual([...parseNodePositions('{"__proto__":[1,2]}')!.keys()], ['__proto__']);
    assert.deepEqual(parseViewMessage({ type: 'export', format: 'graphml', data: '{"iran":[1,2]}' }), {
      type: 'export',
      format: 'graphml',
      data: '{"iran":[1,2]}',
    });
    assert.equal(parseViewMessage({ type: 'export', format: 'graphml', data: '<svg/>' }), undefined);
  });

  it('accepts the known messages with the right shapes', () => {
    assert.deepEqual(parseViewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseViewMessage({ type: 'openTag', key: 'e1' }), { type: 'openTag', key: 'e1' });
    assert.deepEqual(parseViewMessage({ type: 'openEdgeTag', edgeId: 'event:a>b:agree', index: 0 }), {
      type: 'openEdgeTag',
      edgeId: 'event:a>b:agree',
      index: 0,
    });
    assert.deepEqual(parseViewMessage({ type: 'edgeTags', requestId: 4, edgeIds: ['event:a>b:agree'] }), {
      type: 'edgeTags',
      requestId: 4,
      edgeIds: ['event:a>b:agree'],
    });
    assert.deepEqual(parseViewMessage({ type: 'setDate', date: '2024-02-29' }), { type: 'setDate', date: '2024-02-29' });
    assert.deepEqual(parseViewMessage({ type: 'setFilter', filter: { entity: 'iran', eventTypes: ['agree'], from: '2025', to: '' } }), {
      type: 'setFilter',
      filter: { entity: 'iran', eventTypes: ['agree'], from: '2025' },
    });
    assert.deepEqual(parseViewMessage({ type: 'drawn', revision: 3, counts: { nodes: 2 } }), { type: 'drawn', revision: 3, counts: { nodes: 2 } });
    assert.deepEqual(parseViewMessage({ type: 'export', format: 'graphml' }), { type: 'export', format: 'graphml' });
    assert.deepEqual(parseViewMessage({ type: 'export', format: 'svg', requestId: 1, data: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' })?.type, 'export');
  });

  it('drops wrong types, unknown types, out-of-range values and prototype tricks', () => {
    const bad: unknown[] = [
      null,
      'ready',
      [],
      { type: 'run', command: 'x' },
      { type: 'openTag' },
      { type: 'openTag', key: 7 },
      { type: 'openTag', key: '' },
      { type: 'openTag', key: 'x'.repeat(5000) },
      { type: 'openEdgeTag', edgeId: 'e', index: -1 },
      { type: 'openEdgeTag', edgeId: 'e', index: 1.5 },
      { type: 'edgeTags', requestId: 1 },
      { type: 'edgeTags', requestId: -1, edgeIds: [] },
      { type: 'edgeTags', requestId: 1, edgeIds: 'event:a>b:agree' },
      { type: 'edgeTags', requestId: 1, edgeIds: [7] },
      { type: 'edgeTags', requestId: 1, edgeIds: ['x'.repeat(7000)] },
      { type: 'edgeTags', requestId: 1, edgeIds: Array.from({ length: 10001 }, (_, i) => `e${i}`) },
      { type: 'setDate', date: '2025-02-30' },
      { type: 'setDate', date: '2025-08' },
      { type: 'setFilter', filter: { from: 'yesterday' } },
      { type: 'setFilter', filter: { eventTypes: 'agree' } },
      { type: 'setFilter', filter: { eventTypes: [1] } },
      { type: 'drawn', revision: 1, counts: { 'not ok': 1 } },
      { type: 'drawn', revision: -1, counts: {} },
      { type: 'export', format: 'pdf' },
      { type: 'export', format: 'svg', data: '<script>alert(1)</script>' },
      { type: 'export', format: 'png', data: 'data:image/png;base64,@@@' },
      Object.create({ type: 'ready' }),
    ];
    for (const message of bad) assert.equal(parseViewMessage(message), undefined, JSON.stringify(message));
    assert.equal(isIsoDay('2023-02-29'), false);
    assert.equal(exportDataFits('graphml', '<graphml/>'), false, 'GraphML is made by the extension, never taken from a view');
  });

  it('decodes a PNG data URI without Node’s Buffer', () => {
    const bytes = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255];
    const uri = `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`;
    assert.deepEqual([...pngBytes(uri)], bytes);
  });
});
