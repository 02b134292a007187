// How the page talks to the run. In a browser: the local server (same origin; the cookie the
// printed URL set carries the token), EventSource for the stream. In the VS Code webview: the
// extension, by messages; it asks the server for the page and confirms fixes with its own dialogs.
(function () {
  'use strict';
  var vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;

  function browser() {
    return {
      webview: false,
      request: function (method, path, body) {
        return fetch(path, { method: method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined, credentials: 'same-origin' })
          .then(function (r) { return r.json().catch(function () { return {}; }).then(function (data) { return { status: r.status, body: data }; }); });
      },
      subscribe: function (onSnapshot, onEvent, onStatus) {
        var source = new EventSource('/api/events');
        source.addEventListener('snapshot', function (m) { onSnapshot(JSON.parse(m.data)); });
        source.addEventListener('run', function (m) { onEvent(JSON.parse(m.data), Number(m.lastEventId)); });
        source.onopen = function () { onStatus('live'); };
        source.onerror = function () { onStatus('reconnecting…'); };
      },
      /** Shows what the fix changes and asks; the server applies nothing without confirm: true. */
      applyFix: function (findingIndex, fixIndex, finding) {
        var self = this;
        return self.request('GET', '/api/findings/' + findingIndex + '/fixes/' + fixIndex + '/preview').then(function (answer) {
          if (answer.status !== 200) return answer;
          var p = answer.body;
          var text = p.title + (p.llm ? '\n\n(suggested by an LLM: read it before you say yes)' : '') + '\n\n' + p.preview.join('\n');
          var value;
          if (p.needsValue) {
            value = window.prompt(text + '\n\nValue:');
            if (!value) return { status: 0, body: { message: 'not applied' } };
          } else if (!window.confirm(text + '\n\nApply this fix?')) return { status: 0, body: { message: 'not applied' } };
          return self.request('POST', '/api/findings/' + findingIndex + '/fixes/' + fixIndex + '/apply', { confirm: true, code: finding.code, value: value });
        });
      },
    };
  }

  function webview() {
    var next = 1;
    var waiting = {};
    var handlers = { snapshot: function () {}, event: function () {}, status: function () {} };
    window.addEventListener('message', function (m) {
      var data = m.data || {};
      if (data.type === 'response' && waiting[data.id]) { waiting[data.id]({ status: data.status, body: data.body }); delete waiting[data.id]; }
      else if (data.type === 'snapshot') handlers.snapshot(data.snapshot);
      else if (data.type === 'events') data.items.forEach(function (item) { handlers.event(item.event, item.id); });
      else if (data.type === 'status') handlers.status(data.status);
    });
    function call(message) {
      var id = next++;
      return new Promise(function (resolve) { waiting[id] = resolve; vscode.postMessage(Object.assign({ id: id }, message)); });
    }
    return {
      webview: true,
      request: function (method, path, body) { return call({ type: 'request', method: method, path: path, body: body }); },
      subscribe: function (onSnapshot, onEvent, onStatus) {
        handlers = { snapshot: onSnapshot, event: onEvent, status: onStatus };
        vscode.postMessage({ type: 'subscribe' });
      },
      /** The extension shows its own confirmation (the same as the tree's Apply Fix). */
      applyFix: function (findingIndex, fixIndex, finding) { return call({ type: 'applyFix', finding: findingIndex, fix: fixIndex, code: finding.code }); },
      /** Debug Service: only in the editor, which has the debugger. */
      debug: function (service) { return call({ type: 'debug', service: service }); },
    };
  }

  window.RRTransport = vscode ? webview() : browser();
})();
