/* mlops4j live dashboard: reads the mlops Actuator endpoint and draws it, refreshing itself.
 * Query parameters: api (default: the context's /actuator/mlops), refresh (seconds, default 5).
 * Every shown figure carries data-field (and data-endpoint / data-variant) so tests can read it. */
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  var base = window.location.pathname.replace(/\/mlops\/dashboard\/.*$/, '');
  var api = params.get('api') || base + '/actuator/mlops';
  var every = Math.max(1, Number(params.get('refresh') || 5));
  var COLORS = ['#2f6fdf', '#1e9e5a', '#d48a00', '#7a4bd0', '#d2372c', '#0e8a9a'];

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function pct(v) { return v === null || v === undefined ? '–' : (100 * v).toFixed(1) + '%'; }
  function ms(v) {
    if (v === null || v === undefined) { return '–'; }
    return v < 1 ? (v * 1000).toFixed(0) + ' µs' : (v < 10 ? v.toFixed(2) : v.toFixed(1)) + ' ms';
  }
  function count(v) { return v === null || v === undefined ? '–' : Number(v).toLocaleString('en-US'); }
  function fixed(v, d) { return v === null || v === undefined ? '–' : Number(v).toFixed(d); }
  function bytes(v) { return v === null || v === undefined ? '–' : (v / 1048576).toFixed(0) + ' MiB'; }
  function field(tag, name, text, extra) {
    var a = Object.assign({ 'data-field': name }, extra || {});
    return el(tag, a, [text]);
  }
  function metric(name, label, text) {
    return el('div', { class: 'metric' }, [field('span', name, text, { class: 'v' }), el('span', { class: 'k' }, [label])]);
  }

  /* A horizontal stacked bar of the traffic split. */
  function splitBar(variants) {
    var w = 420, h = 26, x = 0;
    var s = svg('svg', { width: w, height: h + 16, viewBox: '0 0 ' + w + ' ' + (h + 16), role: 'img', 'aria-label': 'traffic split' });
    variants.forEach(function (v, i) {
      var width = Math.max(0, v.share) * w;
      s.appendChild(svg('rect', { x: x, y: 0, width: width, height: h, fill: COLORS[i % COLORS.length] }));
      if (width > 60) {
        s.appendChild(svg('text', { x: x + 6, y: 17, style: 'fill:#fff;font-weight:600' }, v.name + ' ' + pct(v.share)));
      }
      x += width;
    });
    s.appendChild(svg('text', { x: 0, y: h + 13 }, variants.map(function (v) { return v.name + ' ' + pct(v.share); }).join('   ')));
    return s;
  }

  /* Horizontal bars of per-feature values in [0, 1] (missing-input ratio). Labels sit left of the bars. */
  function featureBars(values, title) {
    var keys = Object.keys(values || {});
    if (!keys.length) { return el('p', { class: 'none' }, ['no feature figures (no schema or no window yet)']); }
    var row = 18, left = 130, w = 420, h = keys.length * row + 4;
    var s = svg('svg', { width: w, height: h, viewBox: '0 0 ' + w + ' ' + h, role: 'img', 'aria-label': title });
    keys.forEach(function (k, i) {
      var v = values[k] === null ? 0 : values[k];
      var y = i * row + 2;
      s.appendChild(svg('text', { x: left - 6, y: y + 12, 'text-anchor': 'end' }, k));
      s.appendChild(svg('rect', { x: left, y: y + 2, width: Math.max(1, v * (w - left - 70)), height: row - 6,
        fill: v > 0.1 ? '#d2372c' : '#2f6fdf' }));
      s.appendChild(svg('text', { x: left + Math.max(1, v * (w - left - 70)) + 6, y: y + 12, 'data-field': 'missing',
        'data-feature': k }, pct(values[k])));
    });
    return s;
  }

  /* A small line chart of one series over the recent windows, with its latest value. */
  function sparkline(points, key, label, format) {
    var w = 150, h = 40, pad = 4;
    var vals = points.map(function (p) { return p[key]; }).filter(function (v) { return v !== null && v !== undefined; });
    var box = el('div', { class: 'metric' });
    var s = svg('svg', { width: w, height: h, viewBox: '0 0 ' + w + ' ' + h, role: 'img', 'aria-label': label });
    if (vals.length > 1) {
      var max = Math.max.apply(null, vals), min = Math.min.apply(null, vals);
      if (max === min) { max = min + 1; }
      var d = vals.map(function (v, i) {
        return (i ? 'L' : 'M') + (pad + i * (w - 2 * pad) / (vals.length - 1)).toFixed(1) + ',' +
          (h - pad - (v - min) / (max - min) * (h - 2 * pad)).toFixed(1);
      }).join(' ');
      s.appendChild(svg('path', { d: d, fill: 'none', stroke: '#2f6fdf', 'stroke-width': 2 }));
    } else {
      s.appendChild(svg('text', { x: 4, y: 28 }, vals.length ? 'one window so far' : 'no windows yet'));
    }
    box.appendChild(s);
    box.appendChild(el('span', { class: 'k' }, [label + ': ' + (vals.length ? format(vals[vals.length - 1]) : '–')]));
    return box;
  }

  function variantRow(ep, v) {
    var w = v.window || {}, t = v.totals || {}, f = v.feedback || {};
    var attrs = { 'data-endpoint': ep.name, 'data-variant': v.name };
    var name = el('td', {}, [v.name, el('span', { class: 'tag' + (v.live ? ' live' : '') }, [v.model])]);
    return el('tr', attrs, [name,
      el('td', {}, [field('span', 'share', pct(v.share), attrs)]),
      el('td', {}, [field('span', 'requests', count(t.requests), attrs)]),
      el('td', {}, [field('span', 'windowRequests', count(w.requests), attrs)]),
      el('td', {}, [field('span', 'throughput', fixed(w.throughputPerSecond, 1), attrs)]),
      el('td', {}, [field('span', 'errorRatio', pct(w.errorRatio), attrs)]),
      el('td', {}, [field('span', 'latencyP50Ms', ms(w.latencyP50Ms), attrs)]),
      el('td', {}, [field('span', 'latencyP99Ms', ms(w.latencyP99Ms), attrs)]),
      el('td', {}, [field('span', 'nonNullOutputRatio', pct(w.nonNullOutputRatio), attrs)]),
      el('td', {}, [field('span', 'driftedShare', pct(w.driftedShare), attrs)]),
      el('td', {}, [field('span', 'accuracy', f.accuracy === undefined ? '–' : pct(f.accuracy), attrs)]),
      el('td', {}, [field('span', 'conceptDrifts', count(f.conceptDrifts), attrs)])]);
  }

  function estimatesBox(v) {
    var rows = (v && v.estimates) || [];
    var box = el('div', { 'data-field': 'estimates' }, [el('h3', {}, ['Estimated vs realised performance (' + (v ? v.name : '') + ')'])]);
    if (!rows.length) {
      box.appendChild(el('p', { class: 'none' }, ['no estimate (the monitor does not estimate performance, or no window closed yet)']));
      return box;
    }
    box.appendChild(el('table', {}, [el('thead', {}, [el('tr', {}, ['window', 'end', 'estimated accuracy', 'band', 'realised accuracy',
      'estimated F1', 'realised F1', 'labelled', 'coverage'].map(function (h) { return el('th', {}, [h]); }))]),
      el('tbody', {}, rows.slice(-10).reverse().map(function (e) {
        var a = e.estimated.accuracy, f = e.estimated.f1, r = e.realised;
        var attrs = { 'data-window': String(e.number) };
        return el('tr', attrs, [el('td', {}, [String(e.number)]), el('td', {}, [e.end]),
          el('td', {}, [field('span', 'estimatedAccuracy', pct(a.value), attrs)]),
          el('td', {}, [pct(a.lower) + ' – ' + pct(a.upper)]),
          el('td', {}, [field('span', 'realisedAccuracy', r.accuracy === null ? '–' : pct(r.accuracy), attrs)]),
          el('td', {}, [pct(f.value)]), el('td', {}, [r.f1 === null ? '–' : pct(r.f1)]),
          el('td', {}, [field('span', 'realisedLabelled', count(r.labelled), attrs)]),
          el('td', {}, [r.coverage === null ? '–' : pct(r.coverage)])]); }))]));
    return box;
  }

  function rolloutBox(ep) {
    var r = ep.rollout;
    if (!r) { return el('p', { class: 'none', 'data-field': 'rollout' }, ['no rollout']); }
    var cls = r.status === 'ROLLED_BACK' ? 'bad' : r.status === 'PROMOTED' ? 'live' : r.status === 'RUNNING' ? '' : 'warn';
    var done = Math.min(1, r.minSamples ? r.stepSamples / r.minSamples : 1);
    var box = el('div', { 'data-endpoint': ep.name }, [
      el('div', {}, [field('span', 'rolloutStatus', r.status, { class: 'tag ' + cls, 'data-endpoint': ep.name }), ' ',
        r.champion + ' → ' + r.candidate + ', step ', field('span', 'rolloutStep', String(r.step + 1), { 'data-endpoint': ep.name }),
        ' of ' + r.steps + ' (' + r.stepName + ')']),
      el('div', { class: 'progress', title: 'samples of this step' }, [el('div', { style: 'width:' + (100 * done).toFixed(0) + '%' })]),
      el('div', { class: 'muted' }, ['samples ', field('span', 'stepSamples', count(r.stepSamples), { 'data-endpoint': ep.name }),
        ' of ' + count(r.minSamples) + '; decision ', field('span', 'decision', r.decision || '–', { 'data-endpoint': ep.name })]),
      el('div', { class: 'muted' }, [r.reason || r.analysis || ''])]);
    if (r.audit && r.audit.length) {
      box.appendChild(el('ul', {}, r.audit.slice(-5).map(function (a) { return el('li', { 'data-field': 'audit' }, [a]); })));
    }
    return box;
  }

  function alertsList(alerts) {
    if (!alerts.length) { return el('p', { class: 'none' }, ['no alert firing']); }
    return el('div', {}, alerts.map(function (a) {
      return el('div', { class: 'alert ' + a.severity, 'data-field': 'alert', 'data-rule': a.rule }, [
        el('b', {}, [a.rule]), ' ' + a.severity + ' on ' + a.endpoint + ' (' + a.model + '): ' + a.metric + ' = ' +
        fixed(a.value, 3) + ', threshold ' + fixed(a.threshold, 3) +
        (a.topDriftedFeatures.length ? '; drifted ' + a.topDriftedFeatures.join(', ') : '') + ', since ' + a.since]);
    }));
  }

  function endpointCard(ep) {
    var card = el('section', { class: 'endpoint', 'data-endpoint': ep.name });
    var live = ep.variants.filter(function (v) { return v.live; })[0] || ep.variants[0];
    card.appendChild(el('h2', {}, [ep.name, el('span', { class: 'tag', 'data-field': 'strategy' }, [ep.strategy]),
      ep.monitored ? el('span', {}, []) : el('span', { class: 'tag warn' }, ['not monitored'])]));
    card.appendChild(el('div', { class: 'muted' }, [ep.description]));
    card.appendChild(el('h3', {}, ['Traffic split']));
    card.appendChild(splitBar(ep.variants));
    var s = ep.stats;
    card.appendChild(el('div', { class: 'jvm' }, [
      metric('endpointRequests', 'requests served', count(s.requests)),
      metric('endpointErrorRatio', 'error ratio', pct(s.errorRatio)),
      metric('endpointFallbackRatio', 'fallback ratio', pct(s.fallbackRatio))]));
    card.appendChild(el('h3', {}, ['Variants, latest window']));
    card.appendChild(el('table', {}, [el('thead', {}, [el('tr', {}, ['variant', 'share', 'requests', 'in window', 'req/s',
      'errors', 'p50', 'p99', 'non-null output', 'drifted features', 'accuracy', 'concept drifts'].map(function (h) {
        return el('th', {}, [h]); }))]), el('tbody', {}, ep.variants.map(function (v) { return variantRow(ep, v); }))]));
    var grid = el('div', { class: 'grid' });
    var lw = (live && live.window) || {};
    grid.appendChild(el('div', {}, [el('h3', {}, ['Missing input per feature (' + (live ? live.name : '') + ')']),
      featureBars(lw.missingInputRatio, 'missing input ratio per feature')]));
    var drift = el('div', {}, [el('h3', {}, ['Drift against the reference'])]);
    if (lw.featureDrift && lw.featureDrift.length) {
      drift.appendChild(el('table', {}, [el('thead', {}, [el('tr', {}, ['feature', 'test', 'statistic', 'p-value', 'verdict']
        .map(function (h) { return el('th', {}, [h]); }))]),
        el('tbody', {}, lw.featureDrift.map(function (d) {
          var verdict = d.verdict === 'DRIFT' ? 'tag bad' : d.verdict === 'NO_DRIFT' ? 'tag live' : 'tag warn';
          return el('tr', { 'data-field': 'featureDrift', 'data-feature': d.feature }, [el('td', {}, [d.feature]),
            el('td', {}, [d.test || '–']), el('td', {}, [fixed(d.statistic, 4)]),
            el('td', {}, [d.pValue === null ? 'distance' : d.pValue < 1e-4 ? Number(d.pValue).toExponential(2) : fixed(d.pValue, 4)]),
            el('td', {}, [el('span', { class: verdict, 'data-field': 'verdict', 'data-feature': d.feature }, [d.verdict])])]); }))]));
    } else {
      drift.appendChild(el('p', { class: 'none' }, [lw.driftedShare === null || lw.driftedShare === undefined
        ? 'no drift check yet (no reference profile, or no window)' : 'no feature drifted']));
    }
    drift.appendChild(el('div', { class: 'muted' }, ['prediction drift: ' + (lw.predictionDrift === null || lw.predictionDrift === undefined
      ? 'not tested' : lw.predictionDrift ? 'DRIFTED' : 'none')]));
    grid.appendChild(drift);
    var history = (live && live.history) || [];
    grid.appendChild(el('div', {}, [el('h3', {}, ['Recent windows']), el('div', { class: 'sparks' }, [
      sparkline(history, 'latencyP99Ms', 'p99 latency', ms), sparkline(history, 'errorRatio', 'error ratio', pct),
      sparkline(history, 'nonNullOutputRatio', 'non-null output', pct), sparkline(history, 'requests', 'requests', count)])]));
    card.appendChild(grid);
    card.appendChild(estimatesBox(live));
    (ep.segments || []).forEach(function (sw) {
      card.appendChild(el('h3', {}, ['Segments, ' + sw.variant + ', window ' + sw.window]));
      card.appendChild(el('table', {}, [el('thead', {}, [el('tr', {}, ['segment', 'in window', 'share', 'errors',
        'drifted share', 'drifted features'].map(function (h) { return el('th', {}, [h]); }))]),
        el('tbody', {}, sw.segments.map(function (s) {
          return el('tr', { 'data-field': 'segment', 'data-segment': s.segment }, [el('td', {}, [s.segment]),
            el('td', {}, [count(s.predictions)]), el('td', {}, [pct(s.share)]), el('td', {}, [pct(s.errorRatio)]),
            el('td', {}, [pct(s.driftedShare)]),
            el('td', {}, s.driftedFeatures.length ? [el('span', { class: 'tag bad' }, [s.driftedFeatures.join(', ')])]
              : ['–'])]); }))]));
    });
    card.appendChild(el('h3', {}, ['Rollout']));
    card.appendChild(rolloutBox(ep));
    card.appendChild(el('h3', {}, ['Alerts']));
    card.appendChild(alertsList(ep.alerts));
    var reg = Object.keys(ep.registry || {}).map(function (m) {
      var a = ep.registry[m];
      return m + ': ' + (Object.keys(a).map(function (k) { return k + ' → v' + a[k]; }).join(', ') || 'no alias');
    });
    card.appendChild(el('div', { class: 'muted', 'data-field': 'aliases' }, ['registry aliases: ' + (reg.join('; ') || '–')]));
    return card;
  }

  function render(data) {
    var j = data.jvm;
    var jvm = document.getElementById('jvm');
    jvm.replaceChildren(metric('heapUsed', 'heap used', bytes(j.heapUsedBytes)), metric('heapMax', 'heap max', bytes(j.heapMaxBytes)),
      metric('cpu', 'process CPU', pct(j.processCpuLoad)), metric('load', 'system load', fixed(j.systemLoadAverage, 2)),
      metric('threads', 'threads', count(j.threads)), metric('uptime', 'uptime', count(j.uptimeSeconds) + ' s'));
    document.getElementById('alerts').replaceChildren(el('h2', {}, ['Firing alerts (' + data.alerts.length + ')']), alertsList(data.alerts));
    document.getElementById('endpoints').replaceChildren.apply(document.getElementById('endpoints'), data.endpoints.map(endpointCard));
    var st = document.getElementById('status');
    st.className = 'status';
    st.textContent = 'updated ' + data.time;
    document.body.setAttribute('data-rendered', data.time);
  }

  function refresh() {
    fetch(api, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) { throw new Error(api + ' answered HTTP ' + r.status); }
      return r.json();
    }).then(render).catch(function (e) {
      var st = document.getElementById('status');
      st.className = 'status error';
      st.textContent = 'cannot read ' + api + ': ' + e.message;
    });
  }

  document.getElementById('api').textContent = api;
  document.getElementById('every').textContent = String(every);
  refresh();
  setInterval(refresh, every * 1000);
}());
