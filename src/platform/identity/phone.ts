/**
 * Swedish phone numbers and postal codes. Phones are stored in E.164 ("+46701234567")
 * and formatted for people the way Swedish directories write them.
 */

// Area codes (without the trunk 0) that are two digits long; "8" (Stockholm) is the only
// one-digit code and every other code is three digits (0120, 0771, 0910, …).
// Source: PTS numbering plan. Mobile 07x series are included as two-digit codes.
const twoDigitAreaCodes = new Set([
  '10', '11', '13', '16', '18', '19', '20', '21', '23', '26', '31', '33', '35', '36', '40',
  '42', '44', '46', '54', '60', '63', '70', '72', '73', '76', '79', '90',
]);
const mobilePrefixes = /^7[02369]/;

/**
 * E.164 for a Swedish number written nationally ("070-123 45 67", "08-123 456 78") or
 * internationally ("+46 70 123 45 67", "0046 70 …", "+46 (0)70 …"); null if it is not
 * a plausible Swedish number (foreign numbers included).
 */
export function normalizeSwedishPhone(input: string): string | null {
  // "(0)" marks the trunk prefix to drop when dialling from abroad.
  const compact = input.replace(/\(0\)/g, '').replace(/[\s\u00a0\-().\/]/g, '');
  const match = /^(?:\+46|0046|0)(\d+)$/.exec(compact);
  if (!match?.[1]) return null;
  // "+46070…" is a common mix of both forms; the trunk 0 never belongs after +46.
  const nsn = match[1].startsWith('0') && !compact.startsWith('0') ? match[1].slice(1) : match[1];
  // National significant numbers are 7–9 digits; mobile numbers always 9.
  if (!/^[1-9]\d{6,8}$/.test(nsn)) return null;
  if (mobilePrefixes.test(nsn) && nsn.length !== 9) return null;
  return `+46${nsn}`;
}

function areaCodeLength(nsn: string): number {
  if (nsn.startsWith('8')) return 1;
  return twoDigitAreaCodes.has(nsn.slice(0, 2)) ? 2 : 3;
}

/** Swedish grouping of the subscriber part: pairs from the right, a leading triple. */
function groupSubscriber(digits: string): string {
  switch (digits.length) {
    case 5:
      return `${digits.slice(0, 3)} ${digits.slice(3)}`;
    case 6:
      return `${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4)}`;
    case 7:
      return `${digits.slice(0, 3)} ${digits.slice(3, 5)} ${digits.slice(5)}`;
    case 8:
      return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
    default: {
      const groups: string[] = [];
      let rest = digits;
      while (rest.length > 3) {
        groups.unshift(rest.slice(-2));
        rest = rest.slice(0, -2);
      }
      if (rest) groups.unshift(rest);
      return groups.join(' ');
    }
  }
}

/**
 * "070-123 45 67" (national) or "+46 70 123 45 67" (international). Accepts anything
 * normalizeSwedishPhone accepts; throws otherwise, since stored numbers are normalized.
 */
export function formatSwedishPhone(e164: string, style: 'national' | 'international' = 'national'): string {
  const normalized = normalizeSwedishPhone(e164);
  if (normalized === null) throw new RangeError(`Not a Swedish phone number: "${e164}"`);
  const nsn = normalized.slice(3);
  const split = areaCodeLength(nsn);
  const area = nsn.slice(0, split);
  const subscriber = groupSubscriber(nsn.slice(split));
  return style === 'national' ? `0${area}-${subscriber}` : `+46 ${area} ${subscriber}`;
}

/** "12345", "123 45" or "SE-123 45" → "123 45"; null if not a Swedish postal code (100 00–999 99). */
export function normalizePostalCode(input: string): string | null {
  const match = /^(?:SE-?)?([1-9]\d{2})\s?(\d{2})$/i.exec(input.trim().replace(/\u00a0/g, ' '));
  return match ? `${match[1]} ${match[2]}` : null;
}
