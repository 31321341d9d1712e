/// The web console: one static page that reads the REST API from the browser.
///
/// It holds no data itself (so it needs no token to load); the API calls it makes carry
/// the token typed into its token field, kept in the browser's localStorage.
enum ConsolePage {
    /// The page, served at `/` and `/console`.
    static let html = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <title>recond console</title>
    <style>
      body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2733; background: #f4f6f8; }
      header { background: #1d2733; color: #fff; padding: 10px 20px; display: flex; gap: 20px; align-items: center; }
      header h1 { font-size: 18px; margin: 0; flex: 1; }
      header input { width: 220px; }
      main { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; padding: 16px 20px; }
      section { background: #fff; border-radius: 6px; padding: 12px 16px; box-shadow: 0 1px 2px #0002; overflow: auto; }
      h2 { font-size: 15px; margin: 0 0 8px; }
      table { border-collapse: collapse; width: 100%; }
      td, th { text-align: left; padding: 3px 8px 3px 0; border-bottom: 1px solid #eceff2; white-space: nowrap; }
      td.n, th.n { text-align: right; }
      .bar { background: #4a90d9; height: 10px; display: inline-block; vertical-align: middle; }
      .err { color: #b00020; }
      a { color: #1f5fa8; cursor: pointer; text-decoration: none; }
      #path { font-family: monospace; }
    </style>
    </head>
    <body>
    <header><h1>recond</h1><span id="sync"></span>
      <label>token <input id="token" type="password" placeholder="(none)"></label></header>
    <main>
      <section><h2>Namespace usage <span id="path"></span></h2><div id="usage"></div></section>
      <section><h2>File size distribution</h2><div id="dist"></div></section>
      <section><h2>Cluster (OM tables)</h2><div id="cluster"></div></section>
      <section><h2>Tasks</h2><div id="tasks"></div></section>
      <section><h2>Staged reprocess</h2><div id="staging"></div></section>
    </main>
    <script>
    const $ = id => document.getElementById(id);
    const esc = s => String(s).replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
    const bytes = n => { if (n < 0) return '-'; const u = ['B','KiB','MiB','GiB','TiB','PiB']; let i = 0;
      while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; } return (i ? n.toFixed(1) : n) + ' ' + u[i]; };
    let current = '/';
    $('token').value = localStorage.getItem('recondToken') || '';
    $('token').onchange = () => { localStorage.setItem('recondToken', $('token').value); refresh(); };
    async function api(path) {
      const headers = $('token').value ? { Authorization: 'Bearer ' + $('token').value } : {};
      const r = await fetch('/api/v1' + path, { headers });
      if (!r.ok) throw new Error(r.status + ' ' + (await r.text()).slice(0, 200));
      return r.json();
    }
    async function show(id, render) {
      try { $(id).innerHTML = await render(); } catch (e) { $(id).innerHTML = '<span class="err">' + esc(e.message) + '</span>'; }
    }
    function go(path) { current = path; refresh(); }
    async function refresh() {
      $('path').textContent = current;
      const q = encodeURIComponent(current);
      show('usage', async () => {
        const u = await api('/namespace/usage?files=true&replica=true&path=' + q);
        if (u.status !== 'OK') return esc(u.status);
        const up = current === '/' ? '' : '<a onclick="go(\'' + esc(current.replace(/\/[^/]+\/?$/, '') || '/') + '\')">..</a> ';
        const max = Math.max(1, ...u.subPaths.map(s => s.size));
        return up + bytes(u.size) + ' (' + bytes(u.sizeWithReplica) + ' replicated), ' + u.subPathCount + ' entries' +
          '<table>' + u.subPaths.map(s => '<tr><td>' + (s.isKey ? esc(s.path) : '<a onclick="go(\'' + esc(s.path) + '\')">' + esc(s.path) + '</a>') +
          '</td><td class="n">' + bytes(s.size) + '</td><td><span class="bar" style="width:' + Math.round(120 * s.size / max) + 'px"></span></td></tr>').join('') + '</table>';
      });
      show('dist', async () => {
        const d = await api('/namespace/dist?path=' + q);
        if (d.status !== 'OK') return esc(d.status);
        const max = Math.max(1, ...d.dist);
        return '<table>' + d.dist.map((n, i) => n ? '<tr><td>&le; ' + (i === 40 ? '&infin;' : bytes(Math.pow(2, 10 + i))) +
          '</td><td class="n">' + n + '</td><td><span class="bar" style="width:' + Math.round(160 * n / max) + 'px"></span></td></tr>' : '').join('') + '</table>';
      });
      show('cluster', async () => {
        const c = await api('/clusterState');
        return '<table>' + ['volumes', 'buckets', 'keys', 'keysPendingDeletion', 'deletedDirs']
          .map(k => '<tr><td>' + k + '</td><td class="n">' + esc(c[k]) + '</td></tr>').join('') + '</table>';
      });
      show('tasks', async () => {
        const rows = await api('/task/status');
        return '<table><tr><th>task</th><th class="n">sequence</th><th>status</th><th>updated</th></tr>' + rows.map(r =>
          '<tr><td>' + esc(r.taskName) + '</td><td class="n">' + r.lastUpdatedSeqNumber + '</td><td>' +
          (r.lastTaskRunStatus === 0 ? 'ok' : '<span class="err">failed</span>') + (r.isCurrentTaskRunning ? ' (running)' : '') +
          '</td><td>' + (r.lastUpdatedTimestamp ? new Date(r.lastUpdatedTimestamp).toLocaleTimeString() : '') + '</td></tr>').join('') + '</table>';
      });
      show('staging', async () => {
        const s = await api('/staging');
        const p = s.progress;
        return '<table><tr><td>state</td><td>' + esc(s.state) + (s.trigger ? ' (' + esc(s.trigger) + ')' : '') + '</td></tr>' +
          '<tr><td>progress</td><td>' + p.recordsScanned + ' / ' + p.recordsTotal + ' records, ' + Math.round(p.recordsPerSecond) + '/s</td></tr>' +
          '<tr><td>last switch pause</td><td>' + (s.lastSwitchPauseMillis == null ? '-' : s.lastSwitchPauseMillis.toFixed(1) + ' ms') + '</td></tr>' +
          (s.lastError ? '<tr><td>last error</td><td class="err">' + esc(s.lastError) + '</td></tr>' : '') + '</table>';
      });
      try { const y = await api('/sync/status'); $('sync').textContent = 'replica seq ' + y.replicaSequence + (y.omLatestSequence != null ? " / OM " + y.omLatestSequence : ''); }
      catch (e) { $('sync').textContent = e.message; }
    }
    refresh();
    setInterval(refresh, 5000);
    </script>
    </body>
    </html>
    """#
}
