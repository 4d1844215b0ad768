/** Placeholder: being written. */
import type { TorgetApp } from '../../../platform/http/app.js';
import type { GiftcardHttpDeps } from '../deps.js';
export function mountGiftcardAdminPages(_app: TorgetApp, _deps: GiftcardHttpDeps): void {}
