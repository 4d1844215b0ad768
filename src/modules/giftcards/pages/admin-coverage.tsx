/** @jsxImportSource hono/jsx */
/**
 * Coverage, `/{city}/admin/presentkort/tackning`: what the association owes card
 * holders and businesses beside the money it has received, so the board can see at any
 * moment that every card is covered — and whether the ledger checks out.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { forbidden } from '../../../platform/errors.js';
import type { TorgetApp } from '../../../platform/http/app.js';
import { Notice, renderPage } from '../../../platform/http/ui/layout.js';
import { associationNav } from '../../cities/index.js';
import type { GiftcardHttpDeps } from '../deps.js';
import { ADMIN, ADMIN_OR_STAFF, asApp, cityBase, isAllowed, kr, WorkPage, type GcEnv } from './admin-ui.js';

/** What each kind of ledger account means to the board, in Swedish. */
const meaning: Record<string, string> = {
  card: 'Saldo på kort i omlopp (skuld till kortinnehavare)',
  merchant: 'Inlöst men ännu inte utbetalt till företagen',
  clearing: 'Inbetalt för kort (per betalsätt, negativt = pengar in)',
  association: 'Kort som föreningen själv bekostat',
  sponsor: 'Sponsorernas andel som inte är betald än (negativt = sponsorerna är skyldiga)',
  import: 'Kort övertagna från tidigare leverantör',
  breakage: 'Förfallet värde på utgångna kort',
  blocked: 'Spärrat värde',
};

export function mountGiftcardCoveragePage(app: TorgetApp, deps: GiftcardHttpDeps): void {
  const r = app as unknown as Hono<GcEnv>;
  const staffOrAdmin: MiddlewareHandler<GcEnv> = async (c, next) => {
    if (!isAllowed(c, ADMIN_OR_STAFF)) throw forbidden();
    await next();
  };
  // The city middleware and the login gate come from `/:city/admin/presentkort/*` (admin.tsx).
  r.get('/:city/admin/presentkort/tackning', staffOrAdmin, async (c) => {
    const city = c.get('city');
    const [sums, report] = await Promise.all([deps.ledger.sumByKind(city.id), deps.ledger.verify(city.id)]);
    const of = (kind: string) => sums.find((s) => s.kind === kind)?.balanceOre ?? 0;
    const owedToHolders = of('card');
    const owedToBusinesses = of('merchant');
    // Money in: every source account's negative balance is value brought in from outside.
    const received = -(of('clearing') + of('import'));
    const covered = received - owedToHolders - owedToBusinesses - of('breakage');
    return renderPage(
      asApp(c),
      <WorkPage c={c} title="Täckning" area="admin" nav={associationNav(`${cityBase(c)}/admin`, isAllowed(c, ADMIN))}>
        <h1>Täckning för presentkorten</h1>
        {report.ok ? (
          <Notice kind="success">Huvudboken stämmer: {report.accounts} konton och {report.transfers} transaktioner kontrollerade.</Notice>
        ) : (
          <Notice kind="error">Huvudboken stämmer inte ({report.drift.length} saldoavvikelser, {report.unbalanced.length} obalanserade transaktioner). Kontakta driften.</Notice>
        )}
        <dl class="facts">
          <dt>Skuld till kortinnehavare</dt>
          <dd>{kr(owedToHolders)}</dd>
          <dt>Skuld till företagen (inlöst, ej utbetalt)</dt>
          <dd>{kr(owedToBusinesses)}</dd>
          <dt>Inbetalt för kort</dt>
          <dd>{kr(received)}</dd>
          <dt>Förfallet värde</dt>
          <dd>{kr(of('breakage'))}</dd>
          <dt>Över (+) eller under (−) täckning</dt>
          <dd>{kr(covered)}</dd>
        </dl>
        <p class="muted">Pengar för kort ska stå på ett eget klientmedelskonto tills företagen fått sitt. Kort som föreningen själv bekostat ({kr(-of('association'))}) ska täckas av föreningens egna medel.</p>
        <h2>Per kontoslag</h2>
        <div class="table-wrap" tabindex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Konto</th>
                <th scope="col">Antal</th>
                <th scope="col">Saldo</th>
              </tr>
            </thead>
            <tbody>
              {sums.map((s) => (
                <tr>
                  <td>{meaning[s.kind] ?? s.kind}</td>
                  <td>{s.accounts}</td>
                  <td>{kr(s.balanceOre)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </WorkPage>,
    );
  });
}
