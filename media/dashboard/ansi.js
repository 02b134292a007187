// ANSI colour codes (SGR) of service output as DOM nodes: the 16 colours, bold, dim, italic and
// underline become classes (the stylesheet maps them to the theme's terminal colours); other
// escape sequences are dropped. Text is only ever set as textContent, never as HTML.
(function () {
  'use strict';
  var ESCAPE = /\u001b\[([0-9;]*)([A-Za-z])/g;

  function apply(state, codes) {
    var list = codes === '' ? [0] : codes.split(';').map(Number);
    for (var i = 0; i < list.length; i++) {
      var c = list[i];
      if (c === 0) { state.fg = -1; state.bold = state.dim = state.italic = state.underline = false; }
      else if (c === 1) state.bold = true;
      else if (c === 2) state.dim = true;
      else if (c === 3) state.italic = true;
      else if (c === 4) state.underline = true;
      else if (c === 22) state.bold = state.dim = false;
      else if (c === 23) state.italic = false;
      else if (c === 24) state.underline = false;
      else if (c >= 30 && c <= 37) state.fg = c - 30;
      else if (c >= 90 && c <= 97) state.fg = c - 90 + 8;
      else if (c === 39) state.fg = -1;
      else if (c === 38 && list[i + 1] === 5) { var n = list[i + 2]; state.fg = n < 16 ? n : -1; i += 2; }
      else if (c === 38 && list[i + 1] === 2) { i += 4; }
      else if (c === 48 && list[i + 1] === 5) { i += 2; }
      else if (c === 48 && list[i + 1] === 2) { i += 4; }
    }
  }

  function classes(state) {
    var names = [];
    if (state.fg >= 0) names.push('ansi-fg-' + state.fg);
    if (state.bold) names.push('ansi-bold');
    if (state.dim) names.push('ansi-dim');
    if (state.italic) names.push('ansi-italic');
    if (state.underline) names.push('ansi-underline');
    return names.join(' ');
  }

  /** Text and its classes, in order: [{ text, className }]. */
  function segments(line) {
    var state = { fg: -1, bold: false, dim: false, italic: false, underline: false };
    var out = [];
    var last = 0;
    var match;
    ESCAPE.lastIndex = 0;
    while ((match = ESCAPE.exec(line)) !== null) {
      if (match.index > last) out.push({ text: line.slice(last, match.index), className: classes(state) });
      if (match[2] === 'm') apply(state, match[1]);
      last = ESCAPE.lastIndex;
    }
    if (last < line.length) out.push({ text: line.slice(last), className: classes(state) });
    return out;
  }

  function strip(line) {
    return line.replace(ESCAPE, '');
  }

  /** Appends the line to `parent` as spans; `highlight` (lower-case text) is wrapped in <mark>. */
  function render(parent, line, highlight) {
    var parts = segments(line);
    for (var i = 0; i < parts.length; i++) {
      var span = document.createElement('span');
      if (parts[i].className) span.className = parts[i].className;
      appendMarked(span, parts[i].text, highlight);
      parent.appendChild(span);
    }
  }

  function appendMarked(parent, text, highlight) {
    if (!highlight) { parent.textContent = text; return; }
    var lower = text.toLowerCase();
    var at = 0;
    var found;
    while ((found = lower.indexOf(highlight, at)) >= 0) {
      if (found > at) parent.appendChild(document.createTextNode(text.slice(at, found)));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(found, found + highlight.length);
      parent.appendChild(mark);
      at = found + highlight.length;
    }
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  window.RRAnsi = { segments: segments, strip: strip, render: render };
})();
