// The dashboard page: the run's state from the snapshot, kept current by the event stream
// (the same events the tree and the CLI fold), live details (uptime, CPU, memory) polled every
// few seconds, actions posted to the local API. All text is set as textContent.
(function () {
  'use strict';
  var T = window.RRTransport;
  var state = { phases: [], services: [], databases: [], findings: [], env: {}, plan: undefined, outcome: undefined, busy: false };
  var live = {};
  var metrics = {};
  var previousRun;
  var logsLoaded = false;
  var earlyLogs = [];
  var logView = new window.RRLogView(document.getElementById('log-view'), {
    onFollow: showFollow,
    onDraw: function (shown, all) { document.getElementById('log-count').textContent = shown + ' of ' + all + ' lines'; },
  });

  if (T.webview) document.body.classList.add('webview');

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function toast(text) {
    var box = document.getElementById('toast');
    box.textContent = text;
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { box.hidden = true; }, 5000);
  }

  function duration(ms) {
    if (ms === undefined || ms === null) return '';
    if (ms < 1000) return ms + ' ms';
    var s = ms / 1000;
    if (s < 60) return s.toFixed(1) + ' s';
    var m = Math.floor(s / 60);
    if (m < 60) return m + ' min ' + Math.floor(s % 60) + ' s';
    return Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
  }

  function megabytes(bytes) { return (bytes / 1048576).toFixed(0) + ' MB'; }

  // ── Tabs ────────────────────────────────────────────────────────────────
  var tabs = document.querySelectorAll('.tabs button');
  tabs.forEach(function (button) {
    button.addEventListener('click', function () { selectTab(button.getAttribute('data-tab')); });
  });
  function selectTab(name) {
    tabs.forEach(function (b) { b.setAttribute('aria-selected', String(b.getAttribute('data-tab') === name)); });
    document.querySelectorAll('.tab').forEach(function (s) { s.hidden = s.id !== 'tab-' + name; });
    if (name === 'logs') logView.schedule();
    if (name === 'traces') loadTelemetry();
  }

  function loadTelemetry() {
    T.request('GET', '/api/telemetry').then(function (answer) {
      if (answer.status !== 200) return;
      var spans = answer.body.spans.slice().reverse();
      var logs = answer.body.logs.slice().reverse();
      var rows = document.createDocumentFragment();
      spans.forEach(function (span) {
        var tr = el('tr');
        tr.appendChild(el('td', '', span.service));
        tr.appendChild(el('td', '', span.name));
        tr.appendChild(el('td', 'dim', span.traceId.slice(0, 12)));
        tr.appendChild(el('td', '', span.durationMs.toFixed(1) + ' ms'));
        tr.appendChild(el('td', span.status === 2 ? 'state-error' : '', span.status === 2 ? 'error' : 'ok'));
        rows.appendChild(tr);
      });
      document.querySelector('#spans tbody').replaceChildren(rows);
      var logRows = document.createDocumentFragment();
      logs.forEach(function (record) {
        var tr = el('tr');
        tr.appendChild(el('td', '', record.service));
        tr.appendChild(el('td', '', record.severity || ''));
        tr.appendChild(el('td', '', record.body));
        tr.appendChild(el('td', 'dim', (record.traceId || '').slice(0, 12)));
        logRows.appendChild(tr);
      });
      document.querySelector('#otel-logs tbody').replaceChildren(logRows);
      document.getElementById('traces-empty').hidden = spans.length + logs.length > 0;
    });
  }

  // ── Theme (browser only; the webview follows VS Code) ───────────────────
  var themeButton = document.getElementById('theme');
  var savedTheme = localStorage.getItem('repo-runner-theme');
  if (savedTheme) document.documentElement.setAttribute('data-theme', savedTheme);
  themeButton.addEventListener('click', function () {
    var dark = document.documentElement.getAttribute('data-theme') === 'dark' || (!document.documentElement.getAttribute('data-theme') && window.matchMedia('(prefers-color-scheme: dark)').matches);
    var next = dark ? 'light' : 'dark';
    document.documentElement.setAttribute('data-theme', next);
    localStorage.setItem('repo-runner-theme', next);
  });

  // ── Folding events ──────────────────────────────────────────────────────
  function applySnapshot(snapshot) {
    var s = snapshot.state;
    state = { phases: s.phases, services: s.services, databases: s.databases, findings: s.findings, env: s.env, plan: s.plan, outcome: s.outcome, busy: s.busy };
    setLive(snapshot.services || []);
    logView.clear();
    logsLoaded = false;
    earlyLogs = [];
    T.request('GET', '/api/history').then(function (answer) {
      if (answer.status === 200 && answer.body.length) { previousRun = answer.body[answer.body.length - 1]; drawPhases(); }
    });
    T.request('GET', '/api/logs?limit=20000').then(function (answer) {
      if (answer.status === 200) logView.append(answer.body);
      logView.append(earlyLogs);
      earlyLogs = [];
      logsLoaded = true;
    });
    drawAll();
  }

  function applyEvent(event, id) {
    switch (event.type) {
      case 'output':
        var line = { id: id, service: event.service, stream: event.stream, line: event.line };
        if (logsLoaded) logView.append([line]); else earlyLogs.push(line);
        return;
      case 'plan':
        state.plan = event.plan;
        event.plan.services.forEach(function (p) { if (!find(state.services, p.name)) state.services.push({ name: p.name, status: 'pending' }); });
        break;
      case 'phase':
        state.phases = state.phases.map(function (p) { return p.name === event.phase ? { name: p.name, status: event.status, durationMs: event.durationMs, detail: event.detail, finding: event.finding } : p; });
        if (event.status === 'running') { state.busy = true; state.findings = state.findings.filter(function (f) { return f.phase !== event.phase; }); }
        break;
      case 'service':
        var next = { name: event.service, status: event.status, port: event.port, url: event.url, detail: event.detail };
        var known = find(state.services, event.service);
        state.services = known ? state.services.map(function (s) { return s.name === event.service ? next : s; }) : state.services.concat([next]);
        break;
      case 'database':
        var db = find(state.databases, event.database.name);
        state.databases = db ? state.databases.map(function (d) { return d.name === event.database.name ? event.database : d; }) : state.databases.concat([event.database]);
        break;
      case 'env':
        state.env[event.service] = { file: event.file, variables: event.variables };
        break;
      case 'finding':
        state.findings = state.findings.concat([event.finding]);
        break;
      case 'run':
        state.busy = false;
        if (event.status !== 'stopped') state.outcome = event.status;
        break;
      default:
        return;
    }
    drawAll();
  }

  function find(list, name) {
    for (var i = 0; i < list.length; i++) if (list[i].name === name) return list[i];
    return undefined;
  }

  function setLive(list) {
    live = {};
    list.forEach(function (s) { live[s.name] = s; });
  }

  function poll() {
    T.request('GET', '/api/services').then(function (a) { if (a.status === 200) { setLive(a.body); drawResources(); } });
    T.request('GET', '/api/metrics').then(function (a) { if (a.status === 200) { metrics = a.body; drawResources(); } });
  }

  // ── Drawing ─────────────────────────────────────────────────────────────
  function drawAll() {
    drawHeader();
    drawResources();
    drawPhases();
    drawEnvironment();
    drawServiceChoices();
  }

  function drawHeader() {
    var outcome = document.getElementById('outcome');
    var text = state.busy ? 'running' : state.outcome || 'idle';
    outcome.textContent = text;
    outcome.className = 'badge state-' + (state.busy ? 'running' : state.outcome === 'healthy' ? 'healthy' : state.outcome === 'failed' ? 'failed' : 'stopped');
    document.getElementById('root').textContent = state.plan ? state.plan.root : '';
    var errors = state.findings.filter(function (f) { return f.severity === 'error'; }).length;
    document.getElementById('findings-count').textContent = errors ? String(errors) : '';
  }

  function actionButton(label, service, action) {
    var button = el('button', '', label);
    button.type = 'button';
    button.setAttribute('data-action', action);
    button.setAttribute('data-service', service);
    button.addEventListener('click', function () {
      button.disabled = true;
      T.request('POST', '/api/services/' + encodeURIComponent(service) + '/' + action).then(function (answer) {
        button.disabled = false;
        toast(answer.status === 200 ? service + ': ' + action + ' done' : service + ': ' + (answer.body.error || action + ' failed'));
        poll();
      });
    });
    return button;
  }

  /** In the editor's webview only: restarts the service under its debugger and attaches VS Code. */
  function debugButton(service) {
    var button = el('button', '', 'Debug');
    button.type = 'button';
    button.setAttribute('data-action', 'debug');
    button.setAttribute('data-service', service);
    button.addEventListener('click', function () {
      button.disabled = true;
      T.debug(service).then(function (answer) {
        button.disabled = false;
        toast(answer.status === 200 ? answer.body.message : service + ': ' + (answer.body.error || 'debug failed'));
      });
    });
    return button;
  }

  function drawResources() {
    var body = document.querySelector('#resources tbody');
    var rows = document.createDocumentFragment();
    state.services.forEach(function (s) {
      var info = live[s.name] || {};
      var tr = el('tr');
      tr.setAttribute('data-service', s.name);
      var name = el('td');
      name.appendChild(el('strong', '', s.name));
      if (s.detail) name.appendChild(el('div', 'detail', s.detail));
      tr.appendChild(name);
      tr.appendChild(el('td', 'dim', 'service' + (info.framework && info.framework !== info.kind ? ' · ' + info.framework : info.kind ? ' · ' + info.kind : '')));
      var st = el('td');
      st.appendChild(el('span', 'badge state-' + s.status, s.status));
      if (info.healthLatencyMs !== undefined) st.appendChild(el('span', 'dim', ' ' + info.healthLatencyMs + ' ms'));
      tr.appendChild(st);
      tr.appendChild(el('td', '', s.port || ''));
      var url = el('td');
      if (s.url && /^https?:/.test(s.url)) {
        var a = el('a', '', s.url);
        a.href = s.url;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        url.appendChild(a);
      } else url.textContent = s.url || '';
      tr.appendChild(url);
      tr.appendChild(el('td', '', info.uptimeMs === undefined ? '' : info.uptimeMs < 1000 ? 'just started' : duration(Math.floor(info.uptimeMs / 1000) * 1000)));
      tr.appendChild(el('td', '', info.restarts || 0));
      var samples = metrics[s.name] || [];
      var latest = samples[samples.length - 1];
      var running = info.pid !== undefined;
      var cpu = el('td', '', running && latest ? latest.cpu.toFixed(1) + ' %' : '');
      if (running && samples.length > 1) cpu.appendChild(window.RRCharts.sparkline(samples.map(function (x) { return x.cpu; }), 60, 16, 'CPU of ' + s.name));
      tr.appendChild(cpu);
      var mem = el('td', '', running && latest ? megabytes(latest.rssBytes) : '');
      if (running && samples.length > 1) mem.appendChild(window.RRCharts.sparkline(samples.map(function (x) { return x.rssBytes; }), 60, 16, 'Memory of ' + s.name));
      tr.appendChild(mem);
      var actions = el('td', 'actions');
      if (running) {
        actions.appendChild(actionButton('Restart', s.name, 'restart'));
        actions.appendChild(actionButton('Stop', s.name, 'stop'));
        if (T.debug && info.debuggable) actions.appendChild(debugButton(s.name));
      } else actions.appendChild(actionButton('Start', s.name, 'start'));
      var logs = el('button', '', 'Logs');
      logs.type = 'button';
      logs.addEventListener('click', function () {
        document.getElementById('log-service').value = s.name;
        updateLogFilter();
        selectTab('logs');
      });
      actions.appendChild(logs);
      tr.appendChild(actions);
      rows.appendChild(tr);
    });
    state.databases.forEach(function (d) {
      var tr = el('tr');
      tr.setAttribute('data-database', d.name);
      var name = el('td');
      name.appendChild(el('strong', '', d.name));
      if (d.reason || d.detail) name.appendChild(el('div', 'detail', d.detail || d.reason));
      tr.appendChild(name);
      tr.appendChild(el('td', 'dim', 'database · ' + d.engine + (d.version ? ' ' + d.version : '') + (d.source ? ' · ' + d.source : '')));
      var st = el('td');
      st.appendChild(el('span', 'badge state-' + d.status, d.status));
      tr.appendChild(st);
      tr.appendChild(el('td', '', d.port || ''));
      tr.appendChild(el('td', '', d.url || ''));
      for (var i = 0; i < 5; i++) tr.appendChild(el('td'));
      rows.appendChild(tr);
    });
    body.replaceChildren(rows);
    document.getElementById('resources-empty').hidden = state.services.length + state.databases.length > 0;
  }

  function drawPhases() {
    var timeline = document.getElementById('timeline');
    var total = state.phases.reduce(function (sum, p) { return sum + (p.durationMs || 0); }, 0) || 1;
    var rows = document.createDocumentFragment();
    var offset = 0;
    state.phases.forEach(function (p) {
      var row = el('div', 'phase state-' + p.status);
      row.appendChild(el('strong', '', p.name));
      var bar = el('div', 'bar');
      var fill = el('div', 'fill');
      fill.style.left = (offset / total * 100).toFixed(2) + '%';
      fill.style.width = Math.max(0.5, (p.durationMs || 0) / total * 100).toFixed(2) + '%';
      offset += p.durationMs || 0;
      bar.appendChild(fill);
      bar.title = p.detail || '';
      row.appendChild(bar);
      row.appendChild(el('span', 'badge state-' + p.status, p.status));
      var last = previousRun && previousRun.phases[p.name];
      row.appendChild(el('span', 'dim', duration(p.durationMs) + (last !== undefined ? ' (last run ' + duration(last) + ')' : '')));
      rows.appendChild(row);
      if (p.detail) rows.appendChild(el('div', 'detail', p.detail));
    });
    timeline.replaceChildren(rows);

    var list = document.getElementById('findings');
    var items = document.createDocumentFragment();
    state.findings.forEach(function (f, index) {
      var li = el('li', 'sev-' + f.severity);
      var head = el('div');
      head.appendChild(el('span', 'badge state-' + f.severity, f.severity));
      head.appendChild(document.createTextNode(' '));
      head.appendChild(el('strong', '', f.message));
      li.appendChild(head);
      li.appendChild(el('div', 'dim', [f.code, f.phase, f.service, f.file ? f.file + (f.range ? ':' + f.range.startLine : '') : ''].filter(Boolean).join(' · ')));
      if (f.excerpt && f.excerpt.length) li.appendChild(el('pre', '', f.excerpt.slice(-8).map(window.RRAnsi.strip).join('\n')));
      var fixes = el('div', 'fixes');
      f.fixes.forEach(function (fix, fixIndex) {
        if (fix.auto) return;
        var button = el('button', 'primary', fix.title);
        button.type = 'button';
        button.addEventListener('click', function () {
          T.applyFix(index, fixIndex, f).then(function (answer) {
            if (answer.status === 200) toast('Fix applied: ' + (answer.body.message || fix.title));
            else if (answer.status) toast('Not applied: ' + (answer.body.error || answer.status));
          });
        });
        fixes.appendChild(button);
      });
      li.appendChild(fixes);
      items.appendChild(li);
    });
    list.replaceChildren(items);
    document.getElementById('findings-empty').hidden = state.findings.length > 0;
  }

  function drawEnvironment() {
    var box = document.getElementById('environment');
    var parts = document.createDocumentFragment();
    Object.keys(state.env).sort().forEach(function (service) {
      var env = state.env[service];
      var section = el('div', 'env-service');
      section.appendChild(el('h3', '', service + (env.file ? '  (' + env.file + ')' : '')));
      var table = el('table', 'grid');
      var head = el('tr');
      ['Name', 'Value', 'Source', 'From'].forEach(function (h) { head.appendChild(el('th', '', h)); });
      table.appendChild(head);
      env.variables.forEach(function (v) {
        var tr = el('tr');
        tr.appendChild(el('td', '', v.name));
        tr.appendChild(el('td', 'value', v.value));
        tr.appendChild(el('td', '', v.origin));
        tr.appendChild(el('td', 'dim', v.from || ''));
        table.appendChild(tr);
      });
      section.appendChild(table);
      parts.appendChild(section);
    });
    if (!Object.keys(state.env).length) parts.appendChild(el('p', 'dim', 'No environment yet.'));
    box.replaceChildren(parts);
  }

  function drawServiceChoices() {
    var select = document.getElementById('log-service');
    var current = select.value;
    var names = state.services.map(function (s) { return s.name; });
    var existing = Array.prototype.slice.call(select.options, 1).map(function (o) { return o.value; });
    if (existing.join('\n') === names.join('\n')) return;
    var all = el('option', '', 'All services');
    all.value = '';
    select.replaceChildren(all);
    names.forEach(function (n) { var o = el('option', '', n); o.value = n; select.appendChild(o); });
    select.value = names.indexOf(current) >= 0 ? current : '';
  }

  // ── Logs toolbar ───────────────────────────────────────────────────────
  function updateLogFilter() {
    logView.setFilter({ service: document.getElementById('log-service').value, text: document.getElementById('log-search').value, stderr: document.getElementById('log-stderr').checked });
  }
  function showFollow(follow) {
    var b = document.getElementById('log-follow');
    b.textContent = follow ? 'Following' : 'Paused';
    b.setAttribute('aria-pressed', String(follow));
  }
  document.getElementById('log-service').addEventListener('change', updateLogFilter);
  document.getElementById('log-search').addEventListener('input', updateLogFilter);
  document.getElementById('log-stderr').addEventListener('change', updateLogFilter);
  document.getElementById('log-follow').addEventListener('click', function () { logView.setFollow(!logView.follow); });

  // ── Start ──────────────────────────────────────────────────────────────
  T.subscribe(applySnapshot, applyEvent, function (status) { document.getElementById('connection').textContent = status; });
  setInterval(function () {
    poll();
    if (!document.getElementById('tab-traces').hidden) loadTelemetry();
  }, 3000);
  window.RRDashboard = { logView: logView, selectTab: selectTab };
})();
