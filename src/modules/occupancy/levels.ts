/**
 * The crowd level from a count: green below the yellow share of capacity, yellow below
 * the red share, red from it. Without a capacity a place is always green. Pure.
 */
export type Level = 'green' | 'yellow' | 'red';

/** Beyond any door: a count above this is a sensor fault, not a crowd. */
export const MAX_COUNT = 100_000;
export const MAX_DELTA = 1_000;

export function levelOf(count: number, capacity: number | null, yellowPct = 70, redPct = 100): Level {
  if (capacity === null || capacity <= 0) return 'green';
  // Whole-number arithmetic: count/capacity >= pct/100.
  if (count * 100 >= capacity * redPct) return 'red';
  if (count * 100 >= capacity * yellowPct) return 'yellow';
  return 'green';
}

/** The large text of the window display, per level. */
export const levelText: Record<Level, { sv: string; en: string; detailSv: string }> = {
  green: { sv: 'Välkommen in!', en: 'Welcome in!', detailSv: 'Gott om plats' },
  yellow: { sv: 'Välkommen in!', en: 'Welcome in!', detailSv: 'Det börjar bli fullt' },
  red: { sv: 'Vänta en stund', en: 'Please wait a moment', detailSv: 'Fullt just nu' },
};

/** The new count after a delta, never below zero; `clamped` says the floor was hit. */
export function applyDelta(count: number, delta: number): { count: number; clamped: boolean } {
  const next = count + delta;
  return next < 0 ? { count: 0, clamped: true } : { count: next, clamped: false };
}
