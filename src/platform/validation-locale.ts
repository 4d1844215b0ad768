/**
 * zod's built-in messages in Swedish, so a field error nobody wrote a custom message
 * for ("Ogiltig inmatning…") still reads in the language of the product. Imported once
 * by the wiring, before any schema is used.
 */
import { z } from 'zod';

z.config(z.locales.sv());
