// Small inline charts (SVG polylines) for CPU and memory samples; no library, no inline style.
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';

  /** A sparkline of `values` (oldest first), `width` × `height` pixels. */
  function sparkline(values, width, height, label) {
    var svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
    if (values.length < 2) return svg;
    var max = Math.max.apply(null, values.concat([1e-9]));
    var step = width / (values.length - 1);
    var points = values.map(function (v, i) {
      return (i * step).toFixed(1) + ',' + (height - 1 - (v / max) * (height - 2)).toFixed(1);
    });
    var line = document.createElementNS(NS, 'polyline');
    line.setAttribute('points', points.join(' '));
    svg.appendChild(line);
    var title = document.createElementNS(NS, 'title');
    title.textContent = label;
    svg.appendChild(title);
    return svg;
  }

  window.RRCharts = { sparkline: sparkline };
})();
