/** @jsxImportSource hono/jsx */
/**
 * The members module's HTTP face: the association's admin pages (`/{city}/admin/…`),
 * the merchants' pages (`/{city}/butik/…`) and the admin JSON API
 * (`/api/v1/cities/{city}/businesses…`, writes only). Each page applies the city
 * middleware itself, because the city pages are mounted after these.
 */
import type { TorgetApp } from '../../platform/http/app.js';
import { mountMemberApi } from './api.js';
import { mountAdminPages } from './pages/admin.js';
import { mountMerchantPagesImpl } from './pages/merchant.js';
import type { MembersHttpDeps } from './pages/shared.js';

export type { MembersHttpDeps } from './pages/shared.js';

/** POST/PATCH routes for businesses under `/api/v1/cities/{city}/businesses`, documented in OpenAPI. */
export function mountMemberAdminApi(app: TorgetApp, deps: MembersHttpDeps): void {
  mountMemberApi(app, deps);
}

/** `/{city}/admin/…`: overview, businesses, import. */
export function mountMemberAdminPages(app: TorgetApp, deps: MembersHttpDeps): void {
  mountAdminPages(app, deps);
}

/** `/{city}/butik/…`: a merchant's own business. */
export function mountMerchantPages(app: TorgetApp, deps: MembersHttpDeps): void {
  mountMerchantPagesImpl(app, deps);
}
