// Loupe console: charts, keyboard labelling, the live feed. No dependencies but Chart.js (served by Loupe).
'use strict';

function drawCharts() {
  if (typeof Chart === 'undefined') return;
  document.querySelectorAll('canvas[data-chart]').forEach(function (el) {
    var config = JSON.parse(el.dataset.chart);
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
    new Chart(el, config);
    el.dataset.drawn = 'true';
  });
}

function post(url, fields) {
  var body = new URLSearchParams(fields);
  return fetch(url, { method: 'POST', body: body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
    .then(function (r) { if (!r.ok) return r.text().then(function (t) { throw new Error(t); }); return r; });
}

// One key per label: the current item gets the label and the next becomes current.
function keyboardLabelling(selector, onLabel) {
  var box = document.querySelector('[data-keys]');
  if (!box) return;
  var keys = JSON.parse(box.dataset.keys);
  var items = Array.prototype.slice.call(document.querySelectorAll(selector));
  var at = 0;
  function show() {
    items.forEach(function (it, i) { it.classList.toggle('current', i === at); });
    if (items[at]) items[at].scrollIntoView({ block: 'nearest' });
  }
  items.forEach(function (it, i) { it.addEventListener('click', function () { at = i; show(); }); });
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || /INPUT|TEXTAREA|SELECT/.test(e.target.tagName)) return;
    var item = items[at];
    if (!item) return;
    var k = e.key.toLowerCase();
    if (k === 's') { at = Math.min(at + 1, items.length); show(); e.preventDefault(); return; }
    if (!(k in keys)) return;
    e.preventDefault();
    onLabel(item, keys[k]);
    at = Math.min(at + 1, items.length);
    show();
  });
  show();
}

function reviewPage() {
  keyboardLabelling('.review-item', function (item, label) {
    var given = item.querySelector('.given');
    given.textContent = '… ' + label;
    post('/review/label', { request: item.dataset.request, label: label }).then(function () {
      item.classList.add('done');
      item.dataset.labelled = label;
      given.textContent = '✓ ' + label;
    }).catch(function (err) { given.textContent = '✗ ' + err.message; });
  });
}

function relabelPage() {
  keyboardLabelling('.relabel-item', function (item, label) {
    item.querySelector('select').value = label;
  });
}

function livePage() {
  var table = document.getElementById('live-rows');
  if (!table || typeof EventSource === 'undefined') return;
  var fps = document.getElementById('live-fps');
  var source = new EventSource('/live/events');
  source.addEventListener('decisions', function (e) {
    var data = JSON.parse(e.data);
    fps.textContent = data.fps.toFixed(1);
    data.items.forEach(function (p) {
      var tr = document.createElement('tr');
      tr.className = 'decision-' + p.decision;
      [p.time, p.model + '/' + p.version, p.station, p.requestId, p.score.toFixed(3), p.label, p.decision,
       (p.latencyMillis).toFixed(2)].forEach(function (v) {
        var td = document.createElement('td'); td.textContent = v; tr.appendChild(td);
      });
      table.insertBefore(tr, table.firstChild);
    });
    while (table.children.length > 200) table.removeChild(table.lastChild);
    document.body.dataset.liveEvents = String(Number(document.body.dataset.liveEvents || 0) + 1);
  });
}

document.addEventListener('DOMContentLoaded', function () {
  drawCharts();
  reviewPage();
  relabelPage();
  livePage();
});
