/** Members' admin API and pages (being written). */
import type { TorgetApp } from '../../platform/http/app.js';
export function mountMemberAdminApi(_app: TorgetApp, _deps: unknown): void {}
export function mountMemberAdminPages(_app: TorgetApp, _deps: unknown): void {}
export function mountMerchantPages(_app: TorgetApp, _deps: unknown): void {}
