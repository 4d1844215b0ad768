/** @jsxImportSource hono/jsx */
/**
 * The association's product settings, `/{city}/admin/presentkort/produkter`: the range
 * of amounts, validity (never under 12 months), where a product may be used (lunch
 * coupons at restaurants and cafés; a staff gift without alcohol, tobacco and
 * pharmacies), single or partial use, and whether it is on sale.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { forbidden } from '../../../platform/errors.js';
import type { TorgetApp } from '../../../platform/http/app.js';
import { CsrfField, Notice, renderPage, type NavLink } from '../../../platform/http/ui/layout.js';
import { associationNav } from '../../cities/index.js';
import { categories, type CategorySlug } from '../../members/index.js';
import type { GiftcardHttpDeps } from '../deps.js';
import { MIN_VALIDITY_MONTHS, type Product, type ProductSettings } from '../products.js';
import { ADMIN, asApp, cityBase, ErrorSummary, formString, isAllowed, isUuid, kr, TextField, WorkPage, type FieldErrors, type GcContext, type GcEnv } from './admin-ui.js';

const base = (c: GcContext) => `${cityBase(c)}/admin/presentkort/produkter`;
const nav = (c: GcContext): NavLink[] => associationNav(`${cityBase(c)}/admin`, isAllowed(c, ADMIN));
const categoryList = Object.entries(categories) as Array<[CategorySlug, { sv: string }]>;

const labels: Record<string, string> = {
  name: 'Namn',
  description: 'Beskrivning',
  minAmountOre: 'Lägsta belopp',
  maxAmountOre: 'Högsta belopp',
  validityMonths: 'Giltighet i månader',
  acceptedCategories: 'Gäller hos',
  excludedCategories: 'Gäller inte hos',
};

function ProductList(props: { c: GcContext; products: Product[] }) {
  const { c } = props;
  return (
    <WorkPage c={c} title="Produkter" area="admin" nav={nav(c)}>
      <h1>Presentkortens villkor</h1>
      {c.req.query('klart') === 'sparat' ? <Notice kind="success">Villkoren är sparade. Kort som redan sålts behåller sina villkor.</Notice> : null}
      <div class="table-wrap" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Produkt</th>
              <th scope="col">Pris</th>
              <th scope="col">Giltighet</th>
              <th scope="col">Gäller hos</th>
              <th scope="col">Säljs</th>
            </tr>
          </thead>
          <tbody>
            {props.products.map((p) => (
              <tr>
                <td>
                  <a href={`${base(c)}/${p.id}`}>{p.name}</a>
                </td>
                <td>{p.kind === 'booklet' ? `${p.couponCount} × ${kr(p.couponValueOre!)} för ${kr(p.priceOre!)}` : `${kr(p.minAmountOre!)}–${kr(p.maxAmountOre!)}`}</td>
                <td>{p.validityMonths} månader</td>
                <td>{p.acceptedCategories ? p.acceptedCategories.map((s) => categories[s as CategorySlug]?.sv ?? s).join(', ') : 'Alla medlemsföretag'}</td>
                <td>{p.isActive ? 'Ja' : 'Nej'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </WorkPage>
  );
}

function CategoryChecks(props: { name: string; legend: string; hint: string; selected: string[]; error?: string }) {
  return (
    <fieldset aria-describedby={`${props.name}-tips`}>
      <legend>{props.legend}</legend>
      <p class="hint" id={`${props.name}-tips`}>
        {props.hint}
      </p>
      {props.error ? <p class="field-error">{props.error}</p> : null}
      <div class="checks">
        {categoryList.map(([slug, cat]) => (
          <label>
            <input type="checkbox" name={props.name} value={slug} checked={props.selected.includes(slug)} />
            {cat.sv}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function ProductForm(props: { c: GcContext; product: Product; values: ProductSettings; errors: FieldErrors }) {
  const { c, product, values, errors } = props;
  return (
    <WorkPage c={c} title={product.name} area="admin" nav={nav(c)}>
      <p class="breadcrumbs">
        <a href={base(c)}>Produkter</a>
      </p>
      <h1>{product.name}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={`${base(c)}/${product.id}`} class="stack" novalidate>
        <CsrfField c={asApp(c)} />
        <TextField id="name" name="name" label="Namn" value={values.name} error={errors.name} required maxlength={80} />
        <TextField id="description" name="description" label="Beskrivning" value={values.description} error={errors.description} maxlength={500} />
        {product.kind === 'giftcard' ? (
          <>
            <TextField id="minAmountOre" name="minKr" label="Lägsta belopp i kronor" inputmode="numeric" value={String((values.minAmountOre ?? 0) / 100)} error={errors.minAmountOre} />
            <TextField id="maxAmountOre" name="maxKr" label="Högsta belopp i kronor" inputmode="numeric" value={String((values.maxAmountOre ?? 0) / 100)} error={errors.maxAmountOre} />
          </>
        ) : (
          <p>
            {product.couponCount} kuponger à {kr(product.couponValueOre!)}, pris {kr(product.priceOre!)}.
          </p>
        )}
        <TextField id="validityMonths" name="validityMonths" label="Giltighet i månader" hint={`Minst ${MIN_VALIDITY_MONTHS}. Giltigheten visas vid köpet och på kortet.`} inputmode="numeric" value={String(values.validityMonths)} error={errors.validityMonths} />
        <CategoryChecks name="acceptedCategories" legend="Gäller hos" hint="Kryssa inga för att kortet ska gälla hos alla medlemsföretag." selected={values.acceptedCategories ?? []} {...(errors.acceptedCategories ? { error: errors.acceptedCategories } : {})} />
        <CategoryChecks name="excludedCategories" legend="Gäller inte hos" hint="Till exempel en kommuns personalgåva: inte alkohol, tobak eller apotek." selected={values.excludedCategories} {...(errors.excludedCategories ? { error: errors.excludedCategories } : {})} />
        <div class="checks">
          <label>
            <input type="checkbox" name="allowsPartialUse" value="1" checked={values.allowsPartialUse} />
            Kan användas flera gånger tills saldot är slut (annars en gång; det som blir kvar förfaller)
          </label>
          <label>
            <input type="checkbox" name="isActive" value="1" checked={values.isActive} />
            Säljs på webben
          </label>
        </div>
        <div class="actions">
          <button type="submit">Spara villkoren</button>
          <a href={base(c)}>Avbryt</a>
        </div>
      </form>
    </WorkPage>
  );
}

const settingsOf = (p: Product): ProductSettings => ({
  name: p.name,
  description: p.description,
  ...(p.kind === 'giftcard' ? { minAmountOre: p.minAmountOre ?? 10_000, maxAmountOre: p.maxAmountOre ?? 500_000 } : {}),
  validityMonths: p.validityMonths,
  acceptedCategories: p.acceptedCategories as CategorySlug[] | null,
  excludedCategories: p.excludedCategories as CategorySlug[],
  allowsPartialUse: p.allowsPartialUse,
  isActive: p.isActive,
});

export function mountGiftcardProductPages(app: TorgetApp, deps: GiftcardHttpDeps): void {
  const r = app as unknown as Hono<GcEnv>;
  const adminOnly: MiddlewareHandler<GcEnv> = async (c, next) => {
    if (!isAllowed(c, ADMIN)) throw forbidden('Bara föreningens administratörer kan ändra villkoren.');
    await next();
  };
  // The city middleware and the staff gate come from `/:city/admin/presentkort/*` (admin.tsx).
  r.get('/:city/admin/presentkort/produkter', adminOnly, async (c) => renderPage(asApp(c), <ProductList c={c} products={await deps.giftcards.products.listAll(c.get('city').id)} />));

  const load = async (c: GcContext) => {
    const id = c.req.param('id') ?? '';
    const product = isUuid(id) ? (await deps.giftcards.products.listAll(c.get('city').id)).find((p) => p.id === id) : undefined;
    if (!product) throw forbidden('Produkten finns inte i den här staden.');
    return product;
  };

  r.get('/:city/admin/presentkort/produkter/:id', adminOnly, async (c) => {
    const product = await load(c);
    return renderPage(asApp(c), <ProductForm c={c} product={product} values={settingsOf(product)} errors={{}} />);
  });

  r.post('/:city/admin/presentkort/produkter/:id', adminOnly, async (c) => {
    const product = await load(c);
    const form = await c.req.formData();
    const kronor = (name: string) => {
      const v = formString(form, name, 20).replace(/\s/g, '');
      return /^\d+$/.test(v) ? Number(v) * 100 : Number.NaN;
    };
    const months = Number(formString(form, 'validityMonths', 5));
    const accepted = form.getAll('acceptedCategories').map(String);
    const values: ProductSettings = {
      name: formString(form, 'name', 80),
      description: formString(form, 'description', 500),
      ...(product.kind === 'giftcard' ? { minAmountOre: kronor('minKr'), maxAmountOre: kronor('maxKr') } : {}),
      validityMonths: Number.isInteger(months) ? months : Number.NaN,
      acceptedCategories: accepted.length > 0 ? (accepted as CategorySlug[]) : null,
      excludedCategories: form.getAll('excludedCategories').map(String) as CategorySlug[],
      allowsPartialUse: form.get('allowsPartialUse') === '1',
      isActive: form.get('isActive') === '1',
    };
    try {
      await deps.giftcards.products.update(c.get('actor'), c.get('city').id, product.id, values);
    } catch (err) {
      const fieldErrors = (err as { extra?: { errors?: Array<{ path: string; message: string }> } }).extra?.errors;
      if (!fieldErrors) throw err;
      const errors: FieldErrors = {};
      for (const e of fieldErrors) {
        const field = e.path.split('/')[1] ?? 'name';
        errors[field] ??= /expected number|NaN|Ogiltig inmatning/i.test(e.message) ? 'Skriv ett heltal.' : e.message;
      }
      return renderPage(asApp(c), <ProductForm c={c} product={product} values={values} errors={errors} />, 400);
    }
    return c.redirect(`${base(c)}?klart=sparat`, 303);
  });
}
