// Charts from the page's own JSON (Chart.js, loaded from assets/, no network) and the sortable, filterable sites table.
(function () {
  'use strict';
  var dataEl = document.getElementById('chart-data');
  if (dataEl && window.Chart) {
    var spec = JSON.parse(dataEl.textContent);
    var palette = ['#0b4f8a', '#b3261e', '#1e8e3e', '#e8710a', '#6b2c91', '#00796b', '#5d4037', '#c8007a', '#3949ab'];
    window.Chart.defaults.font.family = 'system-ui, sans-serif';
    window.Chart.defaults.color = '#1b1b1b';
    // Category labels in lines that fit the screen (a phone gets short lines), broken between words only.
    var wrap = function (label, max) {
      var lines = [];
      String(label).split(' ').forEach(function (word) {
        var last = lines[lines.length - 1];
        if (last !== undefined && (last + ' ' + word).length <= max) lines[lines.length - 1] = last + ' ' + word;
        else lines.push(word);
      });
      return lines;
    };
    spec.charts.forEach(function (c) {
      var canvas = document.getElementById(c.id);
      if (!canvas) return;
      var levels = c.stacked && c.datasets.length === spec.colours.length;
      var box = canvas.parentNode;
      var narrow = box.clientWidth < 560;
      var labels = c.type === 'bar' ? c.labels.map(function (l) { return wrap(l, narrow ? 14 : 28); }) : c.labels;
      if (c.type === 'bar') {
        // The box grows with its bars: one category is one bar of normal thickness, not a giant one.
        var bars = c.labels.length * (c.stacked ? 1 : c.datasets.length);
        var legendRows = Math.ceil(c.datasets.length / (narrow ? 2 : 4));
        box.style.height = Math.min(40, Math.max(9, 3 + bars * (c.stacked ? 2.4 : 1.1) + legendRows * 1.5)) + 'rem';
      }
      new window.Chart(canvas, {
        type: c.type,
        data: {
          labels: labels,
          datasets: c.datasets.map(function (d, i) {
            var colour = levels ? spec.colours[i] : palette[i % palette.length];
            return { label: d.label, data: d.data, backgroundColor: colour, borderColor: colour, spanGaps: true, maxBarThickness: 36 };
          })
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          indexAxis: c.type === 'bar' ? 'y' : 'x',
          scales: c.stacked
            ? { x: { stacked: true, max: 100, ticks: { callback: function (v) { return v + '%'; } } }, y: { stacked: true, ticks: { autoSkip: false } } }
            : c.type === 'bar'
              ? { x: { beginAtZero: true, max: 100 }, y: { ticks: { autoSkip: false } } }
              : { y: { beginAtZero: true, max: 100 } },
          plugins: { legend: { position: 'bottom' } }
        }
      });
    });
  }

  var table = document.getElementById('sites');
  if (!table) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var text = document.getElementById('f-text');
  var type = document.getElementById('f-type');
  var count = document.getElementById('f-count');
  function key(row, i) {
    var cell = row.cells[i];
    var v = cell.getAttribute('data-sort');
    if (v === null) v = cell.textContent.trim();
    var n = Number(v);
    return v !== '' && !isNaN(n) ? n : v.toLocaleLowerCase();
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
    var button = th.querySelector('button');
    button.addEventListener('click', function () {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (o) { o.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      rows.sort(function (a, b) {
        var x = key(a, i), y = key(b, i);
        var r = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'lv');
        return asc ? r : -r;
      });
      rows.forEach(function (r) { tbody.appendChild(r); });
    });
  });
  function filter() {
    var q = text.value.trim().toLocaleLowerCase();
    var t = type.value;
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (!q || r.textContent.toLocaleLowerCase().indexOf(q) >= 0 || r.getAttribute('data-id').indexOf(q) >= 0) && (!t || r.getAttribute('data-type') === t);
      r.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = table.getAttribute('data-shown') + ' ' + shown + ' ' + table.getAttribute('data-of') + ' ' + rows.length;
  }
  text.addEventListener('input', filter);
  type.addEventListener('change', filter);
})();
