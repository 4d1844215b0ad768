/** @jsxImportSource hono/jsx */
/**
 * /{city}/karta: the city's businesses (and other modules' layers, such as events) on a
 * Leaflet map. The page is a list first: every point is a link in a server-rendered
 * list, so it works without JavaScript and where tiles cannot load; /static/map.js
 * adds the map on top when tiles are configured. Leaflet is served from our own host.
 */
import { cityNav } from '../../cities/http.js';
import { Page, renderPage } from '../../../platform/http/ui/layout.js';
import type { DirectoryHttpDeps, MapPoint } from '../deps.js';
import { businessPath, categoryLabel } from '../public-business.js';
import { asAppContext, tr, type DirectoryContext } from './shared.js';

interface Layer {
  id: string;
  label: string;
  points: MapPoint[];
}

function MapPage(props: { c: DirectoryContext; layers: Layer[]; tiles: { url: string | null; attribution: string } }) {
  const { c, layers } = props;
  const city = c.get('city');
  const locale = c.get('locale');
  const title = tr(locale, `Karta över ${city.name}`, `Map of ${city.name}`);
  const center = city.centerLat !== null && city.centerLng !== null ? `${city.centerLat},${city.centerLng}` : '';
  const data = JSON.stringify(layers.map((l) => ({ id: l.id, label: l.label, points: l.points }))).replace(/</g, '\\u003c');
  return (
    <Page
      c={asAppContext(c)}
      title={title}
      city={city}
      nav={cityNav(c)}
      description={tr(locale, `Butiker, restauranger och evenemang i ${city.name} på kartan.`, `Shops, restaurants and events in ${city.name} on the map.`)}
      scripts={props.tiles.url ? ['/static/map.js'] : []}
      head={props.tiles.url ? <link rel="stylesheet" href="/static/vendor/leaflet/leaflet.css" /> : undefined}
    >
      <h1>{title}</h1>
      {props.tiles.url ? (
        <div id="karta" class="map" hidden data-tiles={props.tiles.url} data-attribution={props.tiles.attribution} data-center={center} role="region" aria-label={tr(locale, 'Karta (listan nedan visar samma platser)', 'Map (the list below shows the same places)')}></div>
      ) : null}
      <script type="application/json" id="kartpunkter" dangerouslySetInnerHTML={{ __html: data }}></script>
      {layers.map((l) => (
        <section aria-labelledby={`lager-${l.id}`}>
          <h2 id={`lager-${l.id}`}>{l.label}</h2>
          <ul class="grid">
            {l.points.map((p) => (
              <li class="card">
                <a href={p.href}>{p.title}</a>
                <span class="muted"> {p.text}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Page>
  );
}

export async function renderMapPage(c: DirectoryContext, deps: DirectoryHttpDeps): Promise<Response> {
  const city = c.get('city');
  const locale = c.get('locale');
  const prefix = c.get('prefix');
  const now = deps.clock.now();
  const page = await deps.members.list(city.id, { limit: 500 });
  const businesses: Layer = {
    id: 'foretag',
    label: tr(locale, 'Företag', 'Businesses'),
    points: page.items.filter((b) => b.lat !== null && b.lng !== null).map((b) => ({ lat: b.lat!, lng: b.lng!, title: b.name, text: categoryLabel(b.category, locale), href: businessPath(city.slug, b.slug, prefix) })),
  };
  const extra = await Promise.all((deps.mapLayers ?? []).map(async (l) => ({ id: l.id, label: l.label(locale), points: await l.points({ city, locale, prefix, now, businesses: page.items }) })));
  return renderPage(asAppContext(c), <MapPage c={c} layers={[businesses, ...extra.filter((l) => l.points.length > 0)]} tiles={deps.mapTiles ?? { url: null, attribution: '' }} />);
}
