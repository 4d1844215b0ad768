/** @jsxImportSource hono/jsx */
/**
 * The instance's own pages: the list of cities, health checks, and the privacy and
 * accessibility statements every public Swedish digital service must publish.
 */
import type { Context } from 'hono';
import type { TorgetApp } from '../platform/http/app.js';
import type { AppEnv } from '../platform/http/types.js';
import { Page, renderPage } from '../platform/http/ui/layout.js';
import type { Database } from '../platform/db/database.js';
import type { CityService } from '../modules/cities/index.js';
import { retention } from '../privacy.js';

export function mountInstancePages(app: TorgetApp, deps: { cities: CityService; database: Database }): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const ok = await deps.database.ping().catch(() => false);
    return c.json({ status: ok ? 'ready' : 'unavailable', database: deps.database.kind }, ok ? 200 : 503);
  });
  app.get('/favicon.ico', (c) => c.redirect('/static/favicon.svg', 301));
  app.get('/robots.txt', (c) => c.text(`User-agent: *\nDisallow: /admin\nDisallow: /*/admin\nDisallow: /*/butik\nAllow: /\nSitemap: ${new URL(c.req.url).origin}/sitemap.xml\n`));

  app.get('/', async (c) => {
    const cities = await deps.cities.list();
    const en = c.get('locale') === 'en';
    return renderPage(
      c,
      <Page c={c} title={en ? 'Town centres' : 'Stadskärnor'}>
        <section class="hero">
          <h1>{en ? 'Town centres on Torget' : 'Stadskärnor på Torget'}</h1>
          <p class="lead">
            {en
              ? 'Shops, restaurants, cafés and services in town: see what is open, what is on and where the city gift card works.'
              : 'Butiker, restauranger, kaféer och tjänster i stan: se vad som har öppet, vad som händer och var presentkortet gäller.'}
          </p>
        </section>
        <ul class="grid">
          {cities.map((city) => (
            <li>
              <a class="tile" href={`${c.get('prefix')}/${city.slug}`}>
                {city.name}
                <span>{city.associationName}</span>
              </a>
            </li>
          ))}
        </ul>
        {cities.length === 0 ? <p>{en ? 'No town centres yet.' : 'Inga stadskärnor ännu.'}</p> : null}
      </Page>,
    );
  });

  app.get('/integritet', (c) => renderPage(c, <PrivacyPage c={c} />));
  app.get('/tillganglighet', (c) => renderPage(c, <AccessibilityPage c={c} />));
}

function PrivacyPage({ c }: { c: Context<AppEnv> }) {
  const en = c.get('locale') === 'en';
  return (
    <Page c={c} title={en ? 'Privacy' : 'Integritet och personuppgifter'}>
      <h1>{en ? 'Privacy and personal data' : 'Integritet och personuppgifter'}</h1>
      {en ? (
        <>
          <p class="lead">Torget collects as little as possible about you, says why, and deletes it on schedule.</p>
          <h2>What we store and why</h2>
          <ul>
            <li>If you have an account (for example as staff of a member business): your e-mail address and name, to log you in and show who changed what.</li>
            <li>A session cookie while you are logged in, and a security cookie that protects forms. No tracking or advertising cookies.</li>
            <li>E-mails we send you (such as login links), so we can show delivery problems to the association.</li>
            <li>A sole trader's organisation number is a personal identity number: it is never shown publicly.</li>
          </ul>
        </>
      ) : (
        <>
          <p class="lead">Torget samlar så lite som möjligt om dig, säger varför och raderar det enligt fasta tider.</p>
          <h2>Vad vi sparar och varför</h2>
          <ul>
            <li>Har du ett konto (till exempel som personal i ett medlemsföretag): din e-postadress och ditt namn, för att kunna logga in dig och visa vem som ändrade vad.</li>
            <li>En sessionskaka när du är inloggad och en säkerhetskaka som skyddar formulär. Inga kakor för spårning eller reklam.</li>
            <li>E-post som vi skickar till dig (till exempel inloggningslänkar), så att föreningen kan se om något inte kom fram.</li>
            <li>En enskild firmas organisationsnummer är ett personnummer: det visas aldrig öppet.</li>
          </ul>
        </>
      )}
      <h2>{en ? 'How long we keep it' : 'Hur länge vi sparar det'}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{en ? 'Data' : 'Uppgift'}</th>
              <th scope="col">{en ? 'Kept for' : 'Sparas i'}</th>
            </tr>
          </thead>
          <tbody>
            {Object.values(retention).map((r) => (
              <tr>
                <td>{en ? r.en : r.sv}</td>
                <td>
                  {r.days} {en ? (r.days === 1 ? 'day' : 'days') : r.days === 1 ? 'dag' : 'dagar'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{en ? 'Your rights' : 'Dina rättigheter'}</h2>
      <p>
        {en
          ? 'You may ask the association that runs your town centre for a copy of your data, to have it corrected or erased. The association is the data controller; its contact details are on its start page.'
          : 'Du kan be föreningen som driver din stadskärna om en kopia av dina uppgifter, att rätta dem eller att radera dem. Föreningen är personuppgiftsansvarig; kontaktuppgifterna finns på dess startsida.'}
      </p>
    </Page>
  );
}

function AccessibilityPage({ c }: { c: Context<AppEnv> }) {
  const en = c.get('locale') === 'en';
  return (
    <Page c={c} title={en ? 'Accessibility statement' : 'Tillgänglighetsredogörelse'}>
      <h1>{en ? 'Accessibility statement' : 'Tillgänglighetsredogörelse'}</h1>
      <p class="lead">
        {en
          ? 'Torget aims to meet WCAG 2.1 level AA (EN 301 549). Every page is checked automatically with axe in our browser tests.'
          : 'Torget ska uppfylla WCAG 2.1 nivå AA (EN 301 549). Varje sida kontrolleras automatiskt med axe i våra webbläsartester.'}
      </p>
      <h2>{en ? 'Report a problem' : 'Rapportera brister'}</h2>
      <p>
        {en
          ? 'If something is hard to use, tell the association that runs your town centre by e-mail; it forwards it to us. You can also contact the Agency for Digital Government (DIGG).'
          : 'Om något är svårt att använda, mejla föreningen som driver din stadskärna; den skickar det vidare till oss. Du kan också kontakta Myndigheten för digital förvaltning (DIGG).'}
      </p>
    </Page>
  );
}
