/** The directory module's public face (being written). */
import type { TorgetApp } from '../../platform/http/app.js';
export function mountDirectoryApi(_app: TorgetApp, _deps: unknown): void {}
export function mountDirectoryPages(_app: TorgetApp, _deps: unknown): void {}
