/** Placeholder: being written. */
import type { TorgetApp } from '../../platform/http/app.js';
import type { GiftcardHttpDeps } from './deps.js';
export function mountGiftcardApi(_app: TorgetApp, _deps: GiftcardHttpDeps): void {}
