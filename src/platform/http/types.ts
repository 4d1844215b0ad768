import type { Actor } from '../auth/roles.js';
import type { Locale } from '../i18n/locale.js';
import type { Logger } from '../logger.js';

export interface AppVariables {
  requestId: string;
  log: Logger;
  clientIp: string;
  locale: Locale;
  /** '' for Swedish pages, '/en' for English ones: prefix every internal link with it. */
  prefix: '' | '/en';
  actor: Actor;
  /** The session token when logged in through the browser. */
  sessionToken: string | null;
  csrfToken: string;
}

export type AppEnv = { Variables: AppVariables };
