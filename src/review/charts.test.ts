import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineChart } from './charts.js';

describe('SVG line charts', () => {
  it('when series have values, then each point is a circle with a titled value and the path skips gaps', () => {
    const svg = lineChart({
      title: 'Block rate',
      x: ['2026-11-27T06', '2026-11-27T07', '2026-11-27T08'],
      series: [{ name: 'kids-tutor', values: [0.5, null, 0.25] }],
      unit: 'rate',
    }).value;
    assert.equal(svg.match(/<circle /g)?.length, 2);
    assert.match(svg, /<title>kids-tutor · 2026-11-27T06: 50%<\/title>/);
    const path = /<path d="([^"]*)"/.exec(svg)?.[1] ?? '';
    assert.equal(path.match(/M/g)?.length, 2, 'a gap starts a new segment');
    assert.ok(!path.includes('L'));
  });

  it('when names carry markup, then they are escaped in the legend and titles', () => {
    const svg = lineChart({
      title: '<x>',
      x: ['a'],
      series: [{ name: '<script>', values: [3] }],
      unit: 'count',
    }).value;
    assert.ok(!svg.includes('<script>'));
    assert.match(svg, /&lt;script&gt;/);
  });

  it('when counts are plotted, then the y axis tops at the largest value', () => {
    const svg = lineChart({
      title: 't',
      x: ['a', 'b'],
      series: [{ name: 's', values: [4, 9] }],
      unit: 'count',
    }).value;
    assert.match(svg, /text-anchor="end">\s*9\s*<\/text>/);
  });
});
