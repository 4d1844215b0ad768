/**
 * Swedish alphabetical order without a collation-aware database: swedishSortKey maps a
 * name to a string whose plain code-unit order (JavaScript `<`, PostgreSQL
 * `COLLATE "C"`) is the order of `Intl.Collator('sv', { sensitivity: 'base' })`, i.e.
 * ICU's Swedish tailoring at the primary level:
 *   - case and most accents are ignored (é = e, Á = a);
 *   - å < ä < ö come after z; æ and ę count as ä; ø, ô, ő and œ as ö; ü and ű as y;
 *   - v and w are different letters (they have been since 2006);
 *   - spaces and punctuation are not ignored: whitespace < punctuation < symbols <
 *     digits < letters, each in ICU's root order; digits compare one by one ("10" < "9").
 * The table is fixed here rather than derived from Intl at runtime, so stored keys do
 * not change when the ICU version does; the tests check it against the runtime Intl.
 */

// Punctuation and symbols in ICU root collation order, characters that ICU treats as
// equal at the primary level sharing a slot. Keys for these are '\u0001' + a rank
// character, so every one of them sorts before digits ('0' = 0x30).
const symbolGroups: readonly string[] = [
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  ' ', // every Unicode space separator (U+00A0, U+202F, …) joins this slot, see below
  '_',
  '-',
  '\u2010\u2011', // hyphen, non-breaking hyphen
  '\u2013', // en dash
  '\u2014', // em dash
  ',',
  ';',
  ':',
  '!',
  '?',
  '.',
  '\u00b7',
  "'\u2019\u2018",
  '"\u201c\u201d',
  '\u00ab',
  '\u00bb',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '\u00a7',
  '@',
  '*',
  '/',
  '\\',
  '&',
  '#',
  '%',
  '`',
  '\u00b4',
  '^',
  '\u00b0',
  '\u00a9',
  '\u00ae',
  '+',
  '<',
  '=',
  '>',
  '|',
  '~',
  '\u2212', // minus sign
  '$',
  '\u00a3',
  '\u20ac',
];

const SYMBOL_LEAD = '\u0001';
/** Symbols outside the table: after the known ones, before digits, by code point. */
const UNKNOWN_SYMBOL_LEAD = '\u0002';
/** Letters outside Latin (Greek, Cyrillic, …): after ö, by code point, as ICU puts other scripts after Latin. */
const UNKNOWN_LETTER_LEAD = '~';

const symbolKeys = new Map<string, string>();
symbolGroups.forEach((group, rank) => {
  for (const ch of group) symbolKeys.set(ch, SYMBOL_LEAD + String.fromCharCode(0x21 + rank));
});
const SPACE_KEY = symbolKeys.get(' ')!;

// Å, Ä, Ö follow z; '{' '|' '}' are the three code units after 'z'.
const A_RING = '{';
const A_UMLAUT = '|';
const O_UMLAUT = '}';

/** Letters that do not decompose under NFD but have a Swedish primary equivalent. */
const letterKeys: Record<string, string> = {
  æ: A_UMLAUT,
  ø: O_UMLAUT,
  œ: O_UMLAUT,
  ß: 'ss',
  þ: 'th',
  ĳ: 'ij',
  ð: 'd',
  đ: 'd',
  ħ: 'h',
  ł: 'l',
  ŀ: 'l',
  ſ: 's',
};

/** Base letter + combining mark pairs that the Swedish tailoring treats as separate letters. */
const accentedLetterKeys: Record<string, string> = {
  'a\u030a': A_RING, // å
  'a\u0308': A_UMLAUT, // ä
  'e\u0328': A_UMLAUT, // ę
  'o\u0308': O_UMLAUT, // ö
  'o\u0302': O_UMLAUT, // ô
  'o\u030b': O_UMLAUT, // ő
  'u\u0308': 'y', // ü
  'u\u030b': 'y', // ű
};

const isMark = /\p{M}/u;
const isLetter = /\p{L}/u;
const isSpace = /\p{Zs}/u;
// Controls and format characters (zero-width space, soft hyphen, …) are ignored by ICU.
const isIgnorable = /[\p{Cc}\p{Cf}]/u;

function letterKey(base: string, marks: readonly string[]): string {
  const known = letterKeys[base];
  if (known !== undefined) return known;
  for (const mark of marks) {
    const tailored = accentedLetterKeys[base + mark];
    if (tailored !== undefined) return tailored;
  }
  if (base >= 'a' && base <= 'z') return base;
  return UNKNOWN_LETTER_LEAD + base;
}

/**
 * A key for ordering names the Swedish way with a byte-wise comparison: store it beside
 * the name and `ORDER BY sort_key COLLATE "C"`, or compare keys with `<` in JavaScript.
 * Names that differ only in case or ignored accents get the same key.
 */
export function swedishSortKey(name: string): string {
  const chars = [...name.normalize('NFD').toLowerCase()];
  let key = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (isLetter.test(ch)) {
      const marks: string[] = [];
      while (i + 1 < chars.length && isMark.test(chars[i + 1]!)) marks.push(chars[++i]!);
      key += letterKey(ch, marks);
    } else if (ch >= '0' && ch <= '9') {
      key += ch;
    } else if (symbolKeys.has(ch)) {
      key += symbolKeys.get(ch);
    } else if (isSpace.test(ch)) {
      key += SPACE_KEY;
    } else if (isMark.test(ch) || isIgnorable.test(ch)) {
      // A mark with no letter before it, or an invisible character: no primary weight.
    } else {
      key += UNKNOWN_SYMBOL_LEAD + ch;
    }
  }
  return key;
}

/** Compares two names by their Swedish sort keys (code-unit order of the keys). */
export function compareSwedish(a: string, b: string): number {
  const ka = swedishSortKey(a);
  const kb = swedishSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Search folding beyond accent stripping: Nordic letters to their Swedish forms, ligatures spelled out. */
const searchLetters: Record<string, string> = {
  æ: 'ä',
  ø: 'ö',
  œ: 'oe',
  ß: 'ss',
  þ: 'th',
  ð: 'd',
  đ: 'd',
  ł: 'l',
  ĳ: 'ij',
};
const keptInSearch = new Set(['a\u030a', 'a\u0308', 'o\u0308']);
const searchPunctuation: Record<string, string> = {
  '\u2019': "'",
  '\u2018': "'",
  '\u00b4': "'",
  '`': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2013': '-',
  '\u2014': '-',
};

/**
 * Folds text for fuzzy matching: lower case, accents removed (é → e, ü → u, ñ → n) but
 * å, ä and ö kept, because they are letters of their own in Swedish ("här" is not
 * "har"); æ/ø become ä/ö as Nordic spellings of the same letters; typographic quotes and
 * dashes become ASCII; whitespace runs become one space, trimmed. Apply it to both the
 * query and the indexed text.
 */
export function normalizeForSearch(text: string): string {
  const chars = [...text.normalize('NFD').toLowerCase()];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    // A mark not claimed by the letter before it, or an invisible format character.
    if (isMark.test(ch) || /\p{Cf}/u.test(ch)) continue;
    const folded = searchLetters[ch] ?? searchPunctuation[ch];
    if (folded !== undefined) {
      out += folded;
      continue;
    }
    out += ch;
    if (isLetter.test(ch)) {
      let kept = '';
      while (i + 1 < chars.length && isMark.test(chars[i + 1]!)) {
        const mark = chars[++i]!;
        if (!kept && keptInSearch.has(ch + mark)) kept = mark;
      }
      out += kept;
    }
  }
  return out.normalize('NFC').replace(/\s+/gu, ' ').trim();
}
