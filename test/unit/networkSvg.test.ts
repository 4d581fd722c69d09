// The network's SVG export (src/core/networkSvg.ts): a well-formed SVG document with one circle
// per node and one path per edge where the view drew them, labels as text, and nothing from the
// registry or a webview able to put markup into it.
import { strict as assert } from 'node:assert';
import { networkSvg, svgColor, SvgEdge, SvgNode } from '../../src/core/networkSvg';
import { sax } from './sax';

function parse(svg: string): { tags: { name: string; attributes: Record<string, string> }[]; texts: string[] } {
  const parser = sax.parser(true);
  const tags: { name: string; attributes: Record<string, string> }[] = [];
  const texts: string[] = [];
  let inText = false;
  parser.onerror = (e) => {
    throw e;
  };
  parser.onopentag = (node) => {
    tags.push({ name: node.name, attributes: node.attributes });
    inText = node.name === 'text';
  };
  parser.ontext = (text) => {
    if (inText) texts.push(text);
  };
  parser.onclosetag = () => {
    inText = false;
  };
  parser.write(svg).close();
  return { tags, texts };
}

const node = (x: number, y: number, label?: string): SvgNode => ({
  x,
  y,
  size: 30,
  fill: 'rgb(79,193,255)',
  fillOpacity: 0.85,
  stroke: '#4fc1ff',
  strokeWidth: 2,
  strokeStyle: 'solid',
  label,
  labelColor: '#cccccc',
  labelSize: 11,
});

describe('views: the network as SVG', () => {
  it('draws every node and edge where the view drew them, with its colours, line styles, arrows and labels', () => {
    const edges: SvgEdge[] = [
      {
        points: [
          [0, 0],
          [100, 0],
        ],
        color: 'rgb(241,76,76)',
        width: 3,
        style: 'solid',
        arrow: true,
        label: 'accuse ×2',
        labelColor: '#999',
        labelSize: 9,
      },
      {
        points: [
          [0, 0],
          [50, 40],
          [100, 100],
        ],
        color: '#3794ff',
        width: 1,
        style: 'dashed',
        arrow: false,
      },
    ];
    const svg = networkSvg({ nodes: [node(0, 0, 'Ali Larijani'), node(100, 0, 'Iraq'), node(100, 100)], edges, background: '#1e1e1e' });
    const { tags, texts } = parse(svg);
    assert.equal(tags[0].name, 'svg');
    assert.equal(tags[0].attributes.xmlns, 'http://www.w3.org/2000/svg');
    const circles = tags.filter((t) => t.name === 'circle');
    assert.deepEqual(
      circles.map((c) => [c.attributes.cx, c.attributes.cy, c.attributes.r, c.attributes.fill]),
      [
        ['0', '0', '15', 'rgb(79,193,255)'],
        ['100', '0', '15', 'rgb(79,193,255)'],
        ['100', '100', '15', 'rgb(79,193,255)'],
      ],
    );
    const paths = tags.filter((t) => t.name === 'path' && t.attributes.stroke);
    assert.deepEqual(
      paths.map((p) => p.attributes.d),
      ['M0,0L100,0', 'M0,0Q50,40 100,100'],
    );
    assert.equal(paths[0].attributes['marker-end'], 'url(#arrow0)');
    assert.equal(paths[1].attributes['stroke-dasharray'], '6 4');
    assert.ok(tags.some((t) => t.name === 'marker' && t.attributes.id === 'arrow0'));
    assert.deepEqual(texts, ['accuse ×2', 'Ali Larijani', 'Iraq']);
    // The view box holds every node (with its label) and a margin.
    const [x, y, w, h] = tags[0].attributes.viewBox.split(' ').map(Number);
    assert.ok(x < -15 && y < -15 && x + w > 115 && y + h > 115, tags[0].attributes.viewBox);
  });

  it('escapes names and drops what is not a colour or a number: registry text cannot add markup', () => {
    const hostile = node(10, 10, '<script>alert(1)</script> & "Q"');
    hostile.fill = 'red" onload="alert(1)';
    hostile.size = Number.NaN;
    const svg = networkSvg({
      nodes: [hostile],
      edges: [
        {
          points: [
            [0, 0],
            [Number.POSITIVE_INFINITY, 1],
          ],
          color: 'url(javascript:1)',
          width: 1,
          style: 'solid',
          arrow: true,
        },
      ],
      background: 'expression(1)',
      fontFamily: 'x" onload="y',
    });
    const { tags, texts } = parse(svg);
    assert.deepEqual(texts, ['<script>alert(1)</script> & "Q"']);
    assert.ok(!tags.some((t) => t.name === 'script' || Object.keys(t.attributes).some((a) => a.startsWith('on'))));
    assert.equal(tags.find((t) => t.name === 'circle')!.attributes.fill, '#888888');
    assert.equal(tags.find((t) => t.name === 'rect')!.attributes.fill, '#ffffff');
    assert.equal(svgColor('rgba(1, 2, 3, 0.5)', 'x'), 'rgba(1, 2, 3, 0.5)');
    assert.equal(svgColor('#abc', 'x'), '#abc');
    assert.equal(svgColor('javascript:alert(1)', 'x'), 'x');
  });

  it('an empty network is still a valid document', () => {
    const { tags } = parse(networkSvg({ nodes: [], edges: [], background: '#fff' }));
    assert.equal(tags[0].name, 'svg');
  });
});
