// The city map: Leaflet (served from our own host) on top of the server-rendered list.
// Without JavaScript, or when tiles fail, the list below the map still has every place.
import * as L from '/static/vendor/leaflet/leaflet-src.esm.js';

const box = document.getElementById('karta');
const dataNode = document.getElementById('kartpunkter');
if (box && dataNode) {
  const layers = JSON.parse(dataNode.textContent || '[]');
  const [lat, lng] = (box.dataset.center || '59.33,18.07').split(',').map(Number);
  box.hidden = false;
  const map = L.map(box, { scrollWheelZoom: false }).setView([lat, lng], 16);
  const tiles = L.tileLayer(box.dataset.tiles, { maxZoom: 19, attribution: box.dataset.attribution || '' }).addTo(map);
  let failed = 0;
  tiles.on('tileerror', () => {
    // No tiles (offline, blocked): hide the empty map; the list is the map.
    if (++failed > 4) box.hidden = true;
  });
  const overlays = {};
  const all = [];
  for (const layer of layers) {
    const group = L.layerGroup();
    for (const p of layer.points) {
      const marker = L.circleMarker([p.lat, p.lng], { radius: 7, weight: 2 });
      const link = document.createElement('a');
      link.href = p.href;
      link.textContent = p.title;
      const wrap = document.createElement('div');
      wrap.append(link, document.createElement('br'), document.createTextNode(p.text));
      marker.bindPopup(wrap);
      marker.addTo(group);
      all.push([p.lat, p.lng]);
    }
    group.addTo(map);
    overlays[layer.label] = group;
  }
  if (layers.length > 1) L.control.layers(undefined, overlays).addTo(map);
  if (all.length > 1) map.fitBounds(all, { padding: [20, 20], maxZoom: 17 });
}
