// The log view: every service's output (or one service's) in one list, virtualised: only the
// rows on screen exist in the DOM, so 100,000 lines scroll as fast as 100. Filter by text and
// stream, follow the end or pause (scrolling up pauses, scrolling to the end follows again).
(function () {
  'use strict';
  var ROW = 18;

  function LogView(container, options) {
    this.container = container;
    this.spacer = container.querySelector('.log-spacer');
    this.rows = container.querySelector('.log-rows');
    this.max = (options && options.max) || 100000;
    this.onFollow = (options && options.onFollow) || function () {};
    this.onDraw = (options && options.onDraw) || function () {};
    this.lines = [];
    this.visible = [];
    this.filter = { service: '', text: '', stderr: false };
    this.follow = true;
    this.pending = false;
    this.maxId = 0;
    var self = this;
    container.addEventListener('scroll', function () {
      var atEnd = container.scrollTop + container.clientHeight >= container.scrollHeight - ROW * 2;
      if (atEnd !== self.follow) { self.follow = atEnd; self.onFollow(atEnd); }
      self.schedule();
    });
  }

  LogView.prototype.matches = function (entry) {
    if (this.filter.service && entry.service !== this.filter.service) return false;
    if (this.filter.stderr && entry.stream !== 'stderr') return false;
    if (this.filter.text && entry.plain.toLowerCase().indexOf(this.filter.text) < 0) return false;
    return true;
  };

  /** Adds lines ({ id, service, stream, line }); ids already seen are skipped. */
  LogView.prototype.append = function (entries) {
    for (var i = 0; i < entries.length; i++) {
      var e = entries[i];
      if (e.id !== undefined && e.id <= this.maxId) continue;
      if (e.id !== undefined) this.maxId = e.id;
      var entry = { id: e.id, service: e.service, stream: e.stream, line: e.line, plain: window.RRAnsi.strip(e.line) };
      this.lines.push(entry);
      if (this.matches(entry)) this.visible.push(entry);
    }
    if (this.lines.length > this.max) {
      this.lines.splice(0, this.lines.length - Math.floor(this.max * 0.9));
      this.refilter();
      return;
    }
    this.schedule();
  };

  LogView.prototype.clear = function () {
    this.lines = [];
    this.visible = [];
    this.maxId = 0;
    this.schedule();
  };

  LogView.prototype.setFilter = function (filter) {
    this.filter = { service: filter.service || '', text: (filter.text || '').toLowerCase(), stderr: !!filter.stderr };
    this.refilter();
  };

  LogView.prototype.refilter = function () {
    var self = this;
    this.visible = this.lines.filter(function (e) { return self.matches(e); });
    this.schedule();
  };

  LogView.prototype.setFollow = function (follow) {
    this.follow = follow;
    this.onFollow(follow);
    this.schedule();
  };

  LogView.prototype.schedule = function () {
    if (this.pending) return;
    this.pending = true;
    var self = this;
    (window.requestAnimationFrame || setTimeout)(function () { self.pending = false; self.draw(); });
  };

  LogView.prototype.draw = function () {
    var c = this.container;
    this.spacer.style.height = (this.visible.length * ROW) + 'px';
    if (this.follow) c.scrollTop = c.scrollHeight;
    var first = Math.max(0, Math.floor(c.scrollTop / ROW) - 5);
    var count = Math.ceil((c.clientHeight || 600) / ROW) + 10;
    var last = Math.min(this.visible.length, first + count);
    this.rows.style.transform = 'translateY(' + (first * ROW) + 'px)';
    var fragment = document.createDocumentFragment();
    for (var i = first; i < last; i++) {
      var entry = this.visible[i];
      var row = document.createElement('div');
      row.className = 'log-row' + (entry.stream === 'stderr' ? ' stderr' : '');
      var svc = document.createElement('span');
      svc.className = 'svc';
      svc.textContent = entry.service + ' │ ';
      row.appendChild(svc);
      window.RRAnsi.render(row, entry.line, this.filter.text);
      fragment.appendChild(row);
    }
    this.rows.replaceChildren(fragment);
    this.onDraw(this.visible.length, this.lines.length);
  };

  window.RRLogView = LogView;
})();
