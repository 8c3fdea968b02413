'use strict';
// Renders only text nodes: plugin names and messages come from plugins and are not trusted markup.
function row(tbody, cells, statusIndex) {
  const tr = document.createElement('tr');
  cells.forEach((value, i) => {
    const td = document.createElement('td');
    td.textContent = value == null ? '' : String(value);
    if (i === statusIndex) td.className = String(value);
    tr.appendChild(td);
  });
  tbody.appendChild(tr);
}

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok && !body.status) throw new Error(body.detail || response.statusText);
  return body;
}

async function refresh() {
  const overall = document.getElementById('overall');
  try {
    const health = await getJson('/api/v1/health');
    overall.textContent = 'Studio is ' + health.status + ' (core running since ' + health.coreSince + ')';
    overall.className = health.status;
    const components = document.querySelector('#components tbody');
    components.replaceChildren();
    health.components.forEach(c => row(components, [c.kind, c.name, c.status, c.message], 2));
    const providers = await getJson('/api/v1/providers');
    const models = document.querySelector('#models tbody');
    models.replaceChildren();
    providers.forEach(p => (p.details.models || []).forEach(m =>
      row(models, [p.id + (p.details.offline ? ' (offline)' : ''), m.id, m.capabilities.join(', '), m.contextWindow], -1)));
  } catch (e) {
    overall.textContent = 'The studio API did not answer: ' + e.message + '. Retrying…';
    overall.className = 'DOWN';
  }
}

refresh();
setInterval(refresh, 5000);
