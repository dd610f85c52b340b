// Charts from the page's own JSON (Chart.js, loaded from assets/, no network) and the sortable, filterable sites table.
(function () {
  'use strict';
  var dataEl = document.getElementById('chart-data');
  if (dataEl && window.Chart) {
    var spec = JSON.parse(dataEl.textContent);
    var palette = ['#0b4f8a', '#b3261e', '#1e8e3e', '#e8710a', '#6b2c91', '#00796b', '#5d4037', '#c8007a', '#3949ab'];
    window.Chart.defaults.font.family = 'system-ui, sans-serif';
    window.Chart.defaults.color = '#1b1b1b';
    spec.charts.forEach(function (c) {
      var canvas = document.getElementById(c.id);
      if (!canvas) return;
      var levels = c.stacked && c.datasets.length === spec.colours.length;
      new window.Chart(canvas, {
        type: c.type,
        data: {
          labels: c.labels,
          datasets: c.datasets.map(function (d, i) {
            var colour = levels ? spec.colours[i] : palette[i % palette.length];
            return { label: d.label, data: d.data, backgroundColor: colour, borderColor: colour, spanGaps: true };
          })
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          indexAxis: c.type === 'bar' ? 'y' : 'x',
          scales: c.stacked
            ? { x: { stacked: true, max: 100, ticks: { callback: function (v) { return v + '%'; } } }, y: { stacked: true } }
            : c.type === 'bar'
              ? { x: { beginAtZero: true, max: 100 } }
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
