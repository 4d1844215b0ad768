/**
 * The businesses of Demoköping, the fictional demo town centre (city slug `demo`).
 *
 * Pure, deterministic data: no I/O, no clock, no randomness. Every later feature is
 * shown against these businesses, so they are meant to read like a real Swedish
 * stadskärna: a square (Stora torget) with a hotel, a konditori and a bookshop, a
 * shopping street, lunch restaurants, a river quay with the better restaurants, a few
 * property owners that sponsor campaigns, and some businesses that are not (yet)
 * members of the association.
 *
 * Fictional on purpose:
 * - phone numbers come from the range PTS reserves for fiction (070-174 06 05 – 070-174 06 99);
 * - e-mail addresses and websites use the reserved `.example` top-level domain;
 * - organisation numbers are made up, but carry valid Luhn check digits; the two sole
 *   traders (enskild firma) use documentation-style personnummer (serial 98x).
 *
 * Street grid (fictional, centred on Stora torget at 58.3900 N, 13.8450 E; one block is
 * about 0.0009° latitude north–south and 0.0017° longitude east–west):
 * - Kyrkogatan, Storgatan, Drottninggatan and Ågatan run east–west, numbered from the
 *   west; odd numbers on the north side, even on the south side. The river runs along
 *   the south side of Ågatan, so Ågatan has only odd numbers.
 * - Kungsgatan (one block west of the square), Hamngatan (one block east) and Skolgatan
 *   (two blocks east) run north–south, numbered from the north; odd numbers on the west
 *   side, even on the east side.
 * - Torggatan runs round Stora torget, houses on its outer side only, numbered clockwise
 *   from the north-west corner (1–6 north, 7–12 east, 13–18 south, 19–24 west).
 */
import type { CategorySlug, ServiceSlug } from '../../modules/members/categories.js';
import type { OpeningHours } from '../../modules/members/opening-hours.js';

export interface DemoBusiness {
  /** URL slug, lowercase ascii a-z0-9 and '-'. */
  slug: string;
  name: string;
  category: CategorySlug;
  /** 'NNNNNN-NNNN' with a Luhn check digit; a personnummer when `soleTrader`. */
  orgNumber: string;
  soleTrader?: boolean;
  description: string;
  descriptionEn: string;
  street: string;
  streetNumber: string;
  /** '123 45' */
  postalCode: string;
  postalTown: 'Demoköping';
  lat: number;
  lng: number;
  /** E.164 */
  phone: string;
  email: string;
  website?: string;
  openingHours: OpeningHours;
  services: ServiceSlug[];
  tags: string[];
  isMember: boolean;
  /** 'YYYY-MM-DD' */
  memberSince?: string;
  contact: { name: string; email: string };
}

// ---------------------------------------------------------------------------
// Opening hours from compact patterns

type RegularHours = OpeningHours['regular'][number];
type SpecialDay = OpeningHours['special'][number];
type Day = RegularHours['day'];
type Time = RegularHours['opens'];
type IsoDate = SpecialDay['date'];

/** The same hours on every day from `from` to `to` (ISO weekdays, Monday = 1). */
export function days(from: Day, to: Day, opens: Time, closes: Time): RegularHours[] {
  const out: RegularHours[] = [];
  for (let d = from; d <= to; d++) out.push({ day: d as Day, opens, closes });
  return out;
}
export const weekdays = (opens: Time, closes: Time) => days(1, 5, opens, closes);
export const saturday = (opens: Time, closes: Time) => days(6, 6, opens, closes);
export const sunday = (opens: Time, closes: Time) => days(7, 7, opens, closes);
export const everyDay = (opens: Time, closes: Time) => days(1, 7, opens, closes);

/** Regular hours from patterns, sorted by day and opening time; no special days yet. */
export function hours(...parts: RegularHours[][]): OpeningHours {
  const regular = parts.flat().sort((a, b) => a.day - b.day || (a.opens < b.opens ? -1 : a.opens > b.opens ? 1 : 0));
  return { regular, special: [] };
}

/** Property owners publish no opening hours. */
export const noHours = (): OpeningHours => ({ regular: [], special: [] });

export const closedOn = (date: IsoDate, note?: string): SpecialDay =>
  note === undefined ? { date, closed: true } : { date, closed: true, note };
export const openOn = (date: IsoDate, opens: Time, closes: Time, note?: string): SpecialDay =>
  note === undefined ? { date, closed: false, opens, closes } : { date, closed: false, opens, closes, note };

/** The red days and eves of the coming Christmas season. */
export const holidays = {
  julafton: '2026-12-24', // Thursday
  juldagen: '2026-12-25', // Friday
  annandagJul: '2026-12-26', // Saturday
  nyarsafton: '2026-12-31', // Thursday
  nyarsdagen: '2027-01-01', // Friday
  trettondedagJul: '2027-01-06', // Wednesday
} as const;
const H = holidays;

export type HolidayProfile =
  | 'shop'
  | 'pharmacy'
  | 'restaurant'
  | 'cafe'
  | 'bar'
  | 'salon'
  | 'service'
  | 'health'
  | 'hotel'
  | 'culture';

/** Standard Christmas-season exceptions per kind of business. */
export const holidayProfiles: Record<HolidayProfile, SpecialDay[]> = {
  shop: [
    openOn(H.julafton, '10:00', '13:00', 'Julafton'),
    closedOn(H.juldagen, 'Juldagen'),
    openOn(H.annandagJul, '10:00', '16:00', 'Annandag jul – mellandagsrea'),
    openOn(H.nyarsafton, '10:00', '14:00', 'Nyårsafton'),
    closedOn(H.nyarsdagen, 'Nyårsdagen'),
    closedOn(H.trettondedagJul, 'Trettondedag jul'),
  ],
  pharmacy: [
    openOn(H.julafton, '10:00', '13:00', 'Julafton'),
    closedOn(H.juldagen, 'Juldagen'),
    openOn(H.annandagJul, '11:00', '15:00', 'Annandag jul'),
    openOn(H.nyarsafton, '10:00', '14:00', 'Nyårsafton'),
    closedOn(H.nyarsdagen, 'Nyårsdagen'),
    openOn(H.trettondedagJul, '11:00', '15:00', 'Trettondedag jul'),
  ],
  restaurant: [
    closedOn(H.julafton, 'Julafton'),
    closedOn(H.juldagen, 'Juldagen'),
    openOn(H.nyarsafton, '11:00', '14:00', 'Nyårsafton – bara lunch'),
    closedOn(H.nyarsdagen, 'Nyårsdagen'),
    closedOn(H.trettondedagJul, 'Trettondedag jul'),
  ],
  cafe: [
    openOn(H.julafton, '08:00', '12:00', 'Julafton'),
    closedOn(H.juldagen, 'Juldagen'),
    openOn(H.nyarsafton, '08:00', '14:00', 'Nyårsafton'),
    closedOn(H.nyarsdagen, 'Nyårsdagen'),
    openOn(H.trettondedagJul, '10:00', '15:00', 'Trettondedag jul'),
  ],
  bar: [
    closedOn(H.julafton, 'Julafton'),
    closedOn(H.juldagen, 'Juldagen'),
    openOn(H.nyarsafton, '18:00', '02:00', 'Nyårsfest – förköp'),
    closedOn(H.nyarsdagen, 'Nyårsdagen'),
  ],
  salon: [
    closedOn(H.julafton, 'Julafton'),
    closedOn(H.juldagen, 'Juldagen'),
    closedOn(H.annandagJul, 'Annandag jul'),
    openOn(H.nyarsafton, '09:00', '13:00', 'Nyårsafton'),
    closedOn(H.nyarsdagen, 'Nyårsdagen'),
    closedOn(H.trettondedagJul, 'Trettondedag jul'),
  ],
  /** Service companies, clinics and studios close like salons. */
  service: [
    closedOn(H.julafton, 'Julafton'),
    closedOn(H.juldagen, 'Juldagen'),
    closedOn(H.annandagJul, 'Annandag jul'),
    openOn(H.nyarsafton, '09:00', '13:00', 'Nyårsafton'),
    closedOn(H.nyarsdagen, 'Nyårsdagen'),
    closedOn(H.trettondedagJul, 'Trettondedag jul'),
  ],
  health: [
    openOn(H.julafton, '08:00', '12:00', 'Julafton'),
    closedOn(H.juldagen, 'Juldagen'),
    openOn(H.nyarsafton, '08:00', '14:00', 'Nyårsafton'),
    openOn(H.nyarsdagen, '10:00', '14:00', 'Nyårsdagen – nystartspass'),
    openOn(H.trettondedagJul, '09:00', '15:00', 'Trettondedag jul'),
  ],
  hotel: [
    openOn(H.julafton, '07:00', '23:00', 'Julafton – julbord i matsalen kl. 13–17'),
    openOn(H.juldagen, '07:00', '23:00', 'Juldagen'),
    openOn(H.nyarsafton, '07:00', '23:00', 'Nyårsafton – nyårssupé, förbokning'),
  ],
  culture: [
    closedOn(H.julafton, 'Julafton'),
    closedOn(H.juldagen, 'Juldagen'),
    closedOn(H.nyarsafton, 'Nyårsafton'),
    closedOn(H.nyarsdagen, 'Nyårsdagen'),
  ],
};

function isoWeekday(date: string): Day {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return (d === 0 ? 7 : d) as Day;
}

/**
 * Adds the profile's holiday exceptions for the days the business is normally open
 * (a shop closed on Saturdays needs no note for annandag jul), then the overrides,
 * which replace a profile entry of the same date. Sorted by date.
 */
export function withHolidays(base: OpeningHours, profile: HolidayProfile, overrides: SpecialDay[] = []): OpeningHours {
  const openDays = new Set(base.regular.map((r) => r.day));
  const byDate = new Map<string, SpecialDay>();
  for (const s of holidayProfiles[profile]) if (openDays.has(isoWeekday(s.date))) byDate.set(s.date, { ...s });
  for (const s of overrides) byDate.set(s.date, { ...s });
  const special = [...base.special, ...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { regular: base.regular, special };
}

// ---------------------------------------------------------------------------
// Addresses on the street grid

export const storaTorget = { lat: 58.39, lng: 13.845 } as const;

const BLOCK_LAT = 0.0009;
const BLOCK_LNG = 0.0017;
/** Ten house numbers per block: five on each side. */
const PAIR_LAT = BLOCK_LAT / 5;
const PAIR_LNG = BLOCK_LNG / 5;
/** How far a façade sits from the street's centre line. */
const SIDE_LAT = 0.00008;
const SIDE_LNG = 0.00015;
/** Where numbering starts: three blocks west / north of Stora torget. */
const WEST_START = storaTorget.lng - 3 * BLOCK_LNG;
const NORTH_START = storaTorget.lat + 3 * BLOCK_LAT;

type StreetDef =
  | { axis: 'east-west'; lat: number; postalCode: string }
  | { axis: 'north-south'; lng: number; postalCode: string }
  | { axis: 'square'; postalCode: string };

export const streets = {
  Kyrkogatan: { axis: 'east-west', lat: storaTorget.lat + 2 * BLOCK_LAT, postalCode: '532 35' },
  Storgatan: { axis: 'east-west', lat: storaTorget.lat + BLOCK_LAT, postalCode: '532 30' },
  Drottninggatan: { axis: 'east-west', lat: storaTorget.lat - BLOCK_LAT, postalCode: '532 31' },
  Ågatan: { axis: 'east-west', lat: storaTorget.lat - 2 * BLOCK_LAT, postalCode: '532 36' },
  Kungsgatan: { axis: 'north-south', lng: storaTorget.lng - BLOCK_LNG, postalCode: '532 32' },
  Hamngatan: { axis: 'north-south', lng: storaTorget.lng + BLOCK_LNG, postalCode: '532 33' },
  Skolgatan: { axis: 'north-south', lng: storaTorget.lng + 2 * BLOCK_LNG, postalCode: '532 37' },
  Torggatan: { axis: 'square', postalCode: '532 34' },
} as const satisfies Record<string, StreetDef>;
export type StreetName = keyof typeof streets;

/** Stora torget's half-size and how far Torggatan's façades sit from its centre. */
const SQUARE_FACADE_LAT = 0.00041;
const SQUARE_FACADE_LNG = 0.00075;
const SQUARE_SIDE_LAT = 0.00035;
const SQUARE_SIDE_LNG = 0.00065;

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

function position(street: StreetName, n: number): { lat: number; lng: number } {
  const def: StreetDef = streets[street];
  const odd = n % 2 === 1;
  const pair = Math.ceil(n / 2) - 0.5;
  switch (def.axis) {
    case 'east-west':
      return { lat: def.lat + (odd ? SIDE_LAT : -SIDE_LAT), lng: WEST_START + pair * PAIR_LNG };
    case 'north-south':
      return { lat: NORTH_START - pair * PAIR_LAT, lng: def.lng + (odd ? -SIDE_LNG : SIDE_LNG) };
    case 'square': {
      const side = Math.floor((n - 1) / 6) % 4;
      const t = (((n - 1) % 6) + 0.5) / 6;
      const { lat, lng } = storaTorget;
      if (side === 0) return { lat: lat + SQUARE_FACADE_LAT, lng: lng - SQUARE_SIDE_LNG + t * 2 * SQUARE_SIDE_LNG };
      if (side === 1) return { lat: lat + SQUARE_SIDE_LAT - t * 2 * SQUARE_SIDE_LAT, lng: lng + SQUARE_FACADE_LNG };
      if (side === 2) return { lat: lat - SQUARE_FACADE_LAT, lng: lng + SQUARE_SIDE_LNG - t * 2 * SQUARE_SIDE_LNG };
      return { lat: lat - SQUARE_SIDE_LAT + t * 2 * SQUARE_SIDE_LAT, lng: lng - SQUARE_FACADE_LNG };
    }
  }
}

/** The address fields and coordinates of a house number on the grid. */
export function at(street: StreetName, n: number, letter = '') {
  const { lat, lng } = position(street, n);
  return {
    street,
    streetNumber: `${n}${letter}`,
    postalCode: streets[street].postalCode,
    postalTown: 'Demoköping' as const,
    lat: round6(lat),
    lng: round6(lng),
  };
}

// ---------------------------------------------------------------------------
// The businesses

export const demoBusinesses: DemoBusiness[] = [
  // --- Stora torget (Torggatan) -------------------------------------------
  {
    slug: 'stadshotellet',
    name: 'Stadshotellet Demoköping',
    category: 'hotell',
    orgNumber: '556118-4036',
    description:
      'Stadshotellet har vakat över Stora torget sedan 1898, med 62 rum, en matsal med kristallkronor och frukost med hembakat bröd. Här bor både handelsresande och bröllopsgäster.',
    descriptionEn:
      'The Stadshotellet has overlooked Stora torget since 1898, with 62 rooms, a dining room with crystal chandeliers and breakfast with home-baked bread. Travelling sales reps and wedding guests stay here alike.',
    ...at('Torggatan', 2),
    phone: '+46701740606',
    email: 'reception@stadshotellet.example',
    website: 'https://stadshotellet.example',
    openingHours: withHolidays(hours(everyDay('06:30', '23:00')), 'hotel'),
    services: ['giftcard', 'booking'],
    tags: ['hotell', 'övernattning', 'konferens', 'julbord', 'frukost', 'bröllop'],
    isMember: true,
    memberSince: '2004-03-01',
    contact: { name: 'Karin Bergström', email: 'karin.bergstrom@stadshotellet.example' },
  },
  {
    slug: 'torgets-bokhandel',
    name: 'Torgets Bokhandel',
    category: 'bocker',
    orgNumber: '556472-9159',
    description:
      'En riktig bokhandel med knarrande golv, personliga boktips och en hel vägg med lokalhistoria. Varje torsdag läser vi saga för de minsta klockan tio.',
    descriptionEn:
      'A proper bookshop with creaking floors, personal recommendations and a whole wall of local history. Every Thursday at ten we read stories for the little ones.',
    ...at('Torggatan', 4),
    phone: '+46701740607',
    email: 'info@torgets-bokhandel.example',
    website: 'https://torgets-bokhandel.example',
    openingHours: withHolidays(hours(weekdays('10:00', '18:00'), saturday('10:00', '16:00'), sunday('12:00', '16:00')), 'shop'),
    services: ['giftcard', 'click_collect', 'home_delivery'],
    tags: ['böcker', 'bokhandel', 'pocket', 'barnböcker', 'lokalhistoria', 'presenter'],
    isMember: true,
    memberSince: '2006-09-15',
    contact: { name: 'Per Almqvist', email: 'per@torgets-bokhandel.example' },
  },
  {
    slug: 'bistro-torget',
    name: 'Bistro Torget',
    category: 'restaurang',
    orgNumber: '969714-3387',
    description:
      'Fransk-svensk bistro med uteservering mot torget: dagens lunch med hembakat bröd och kvällsmeny med moules frites och toast Skagen.',
    descriptionEn:
      'A French-Swedish bistro with outdoor tables on the square: a daily lunch with home-baked bread and an evening menu with moules frites and toast Skagen.',
    ...at('Torggatan', 5),
    phone: '+46701740608',
    email: 'bord@bistro-torget.example',
    website: 'https://bistro-torget.example',
    openingHours: withHolidays(
      hours(days(1, 5, '11:00', '14:00'), days(2, 5, '17:00', '22:00'), saturday('12:00', '23:00')),
      'restaurant',
    ),
    services: ['giftcard', 'take_away', 'booking'],
    tags: ['lunch', 'dagens lunch', 'bistro', 'uteservering', 'middag', 'vin'],
    isMember: true,
    memberSince: '2015-04-20',
    contact: { name: 'Jonas Ekdahl', email: 'jonas@bistro-torget.example' },
  },
  {
    slug: 'kaffebaren',
    name: 'Kaffebaren',
    category: 'kafe',
    orgNumber: '559204-6717',
    description:
      'Kaffebaren rostar sitt eget kaffe i liten skala och serverar kardemummabullar direkt ur ugnen. Ta med koppen ut på torget eller sitt kvar vid fönstret.',
    descriptionEn:
      'Kaffebaren roasts its own coffee in small batches and serves cardamom buns straight from the oven. Take your cup out onto the square or stay by the window.',
    ...at('Torggatan', 8),
    phone: '+46701740609',
    email: 'hej@kaffebaren.example',
    website: 'https://kaffebaren.example',
    openingHours: withHolidays(
      hours(weekdays('07:30', '18:00'), saturday('09:00', '17:00'), sunday('10:00', '16:00')),
      'cafe',
    ),
    services: ['giftcard', 'take_away'],
    tags: ['kaffe', 'espresso', 'bullar', 'fika', 'kardemummabullar', 'rosteri', 'frukost'],
    isMember: true,
    memberSince: '2019-02-01',
    contact: { name: 'Maja Holm', email: 'maja@kaffebaren.example' },
  },
  {
    slug: 'sjobergs-skor',
    name: 'Sjöbergs Skor',
    category: 'skor',
    orgNumber: '556031-7827',
    description:
      'Familjen Sjöberg har sålt skor på torget i tre generationer. Här får du hjälp att mäta foten och hitta kängor som klarar både slask och fest.',
    descriptionEn:
      'The Sjöberg family has sold shoes on the square for three generations. They measure your feet and find boots that handle both slush and parties.',
    ...at('Torggatan', 10),
    phone: '+46701740610',
    email: 'butik@sjobergs-skor.example',
    website: 'https://sjobergs-skor.example',
    openingHours: withHolidays(hours(weekdays('10:00', '18:00'), saturday('10:00', '15:00')), 'shop'),
    services: ['giftcard', 'click_collect'],
    tags: ['skor', 'kängor', 'vinterskor', 'barnskor', 'skovård', 'familjeföretag'],
    isMember: true,
    memberSince: '2004-03-01',
    contact: { name: 'Lars Sjöberg', email: 'lars@sjobergs-skor.example' },
  },
  {
    slug: 'apoteket-lejonet',
    name: 'Apoteket Lejonet',
    category: 'apotek',
    orgNumber: '556890-1242',
    description:
      'Apotek mitt på torget med receptexpedition, egenvård och hudvård. Farmaceuten hjälper dig gärna med frågor om läkemedel.',
    descriptionEn:
      'A pharmacy right on the square with prescriptions, self-care and skin care. The pharmacist is happy to answer questions about medicines.',
    ...at('Torggatan', 14),
    phone: '+46701740611',
    email: 'demokoping@apoteket-lejonet.example',
    website: 'https://apoteket-lejonet.example',
    openingHours: withHolidays(
      hours(weekdays('09:00', '19:00'), saturday('10:00', '16:00'), sunday('11:00', '15:00')),
      'pharmacy',
    ),
    services: ['click_collect', 'home_delivery'],
    tags: ['apotek', 'recept', 'läkemedel', 'egenvård', 'hudvård'],
    isMember: false,
    contact: { name: 'Sara Nyström', email: 'sara.nystrom@apoteket-lejonet.example' },
  },
  {
    slug: 'konditori-stjarnan',
    name: 'Konditori Stjärnan',
    category: 'kafe',
    orgNumber: '556207-5514',
    description:
      'Klassiskt konditori från 1931 med prinsesstårta, napoleonbakelser och sju sorters kakor. På söndagar är det kö till bordet vid fönstret mot torget.',
    descriptionEn:
      'A classic konditori from 1931 with princess cake, napoleon pastries and seven kinds of biscuits. On Sundays there is a queue for the window table overlooking the square.',
    ...at('Torggatan', 16),
    phone: '+46701740612',
    email: 'bestallning@konditori-stjarnan.example',
    website: 'https://konditori-stjarnan.example',
    openingHours: withHolidays(
      hours(weekdays('08:00', '18:00'), saturday('09:00', '16:00'), sunday('11:00', '16:00')),
      'cafe',
    ),
    services: ['giftcard', 'take_away', 'click_collect'],
    tags: ['konditori', 'tårtor', 'prinsesstårta', 'bakelser', 'fika', 'kaffe', 'sju sorters kakor'],
    isMember: true,
    memberSince: '2004-03-01',
    contact: { name: 'Birgitta Lund', email: 'birgitta@konditori-stjarnan.example' },
  },
  {
    slug: 'torgkiosken',
    name: 'Torgkiosken',
    category: 'tobak',
    orgNumber: '969602-1477',
    description:
      'Kiosken på torgets västra sida: dagstidningar, lösgodis, busskort och ombud för paket. Öppet tidigt och sent alla dagar.',
    descriptionEn:
      'The kiosk on the west side of the square: newspapers, pick-and-mix sweets, bus cards and a parcel pick-up point. Open early and late every day.',
    ...at('Torggatan', 20),
    phone: '+46701740613',
    email: 'kiosken@torgkiosken.example',
    openingHours: withHolidays(
      hours(weekdays('07:00', '21:00'), saturday('09:00', '21:00'), sunday('10:00', '20:00')),
      'shop',
      [openOn(H.julafton, '09:00', '15:00', 'Julafton'), openOn(H.trettondedagJul, '10:00', '20:00', 'Trettondedag jul')],
    ),
    services: [],
    tags: ['kiosk', 'tidningar', 'lösgodis', 'paketombud', 'busskort', 'tobak'],
    isMember: false,
    contact: { name: 'Emre Yilmaz', email: 'emre@torgkiosken.example' },
  },
  {
    slug: 'torghuset-fastigheter',
    name: 'Fastighets AB Torghuset',
    category: 'fastighetsagare',
    orgNumber: '556342-8878',
    description:
      'Äger och förvaltar sex fastigheter runt Stora torget med butikslokaler i gatuplan och lägenheter ovanpå. Medfinansierar gärna kampanjer som lockar folk till torget.',
    descriptionEn:
      'Owns and manages six buildings around Stora torget, with shop premises at street level and flats above. Happy to co-fund campaigns that bring people to the square.',
    ...at('Torggatan', 22),
    phone: '+46701740614',
    email: 'forvaltning@torghuset-fastigheter.example',
    website: 'https://torghuset-fastigheter.example',
    openingHours: noHours(),
    services: [],
    tags: ['fastighetsägare', 'lokaler', 'butikslokal', 'uthyrning', 'lägenheter'],
    isMember: true,
    memberSince: '2008-01-01',
    contact: { name: 'Henrik Wallin', email: 'henrik.wallin@torghuset-fastigheter.example' },
  },

  // --- Storgatan ------------------------------------------------------------
  {
    slug: 'modehuset-vera',
    name: 'Modehuset Vera',
    category: 'mode',
    orgNumber: '556781-2093',
    description:
      'Damkläder från skandinaviska märken i storlek 34 till 54, och en ägare som ärligt säger vad som klär dig. Nya leveranser varje fredag.',
    descriptionEn:
      'Women’s clothing from Scandinavian brands in sizes 34 to 54, and an owner who tells you honestly what suits you. New deliveries every Friday.',
    ...at('Storgatan', 12),
    phone: '+46701740615',
    email: 'butik@modehuset-vera.example',
    website: 'https://modehuset-vera.example',
    openingHours: withHolidays(hours(weekdays('10:00', '18:00'), saturday('10:00', '16:00')), 'shop'),
    services: ['giftcard', 'click_collect'],
    tags: ['kläder', 'dammode', 'klänningar', 'jackor', 'mode', 'stora storlekar'],
    isMember: true,
    memberSince: '2011-08-15',
    contact: { name: 'Vera Lindgren', email: 'vera@modehuset-vera.example' },
  },
  {
    slug: 'lilla-knappen',
    name: 'Lilla Knappen',
    category: 'mode',
    orgNumber: '969788-5128',
    description:
      'Barnkläder i ekologisk bomull, ylleunderställ och regnkläder som tål lekparken. I hörnet finns en låda med begagnat i fint skick.',
    descriptionEn:
      'Children’s clothes in organic cotton, wool base layers and rainwear that survives the playground. In the corner there is a box of gently used clothes.',
    ...at('Storgatan', 15),
    phone: '+46701740616',
    email: 'hej@lilla-knappen.example',
    website: 'https://lilla-knappen.example',
    openingHours: withHolidays(hours(days(2, 5, '11:00', '18:00'), saturday('10:00', '15:00')), 'shop'),
    services: ['giftcard', 'click_collect', 'home_delivery'],
    tags: ['barnkläder', 'ekologiskt', 'ull', 'regnkläder', 'begagnat', 'bebis'],
    isMember: true,
    memberSince: '2021-03-01',
    contact: { name: 'Amira Hassan', email: 'amira@lilla-knappen.example' },
  },
  {
    slug: 'berg-och-son',
    name: 'Berg & Son Herrekipering',
    category: 'mode',
    orgNumber: '556154-3363',
    description:
      'Herrekipering sedan 1962: kostymer, skjortor och slipsar, och en skräddare som lägger upp byxor medan du väntar. Studentkostymen köper man här.',
    descriptionEn:
      'Menswear since 1962: suits, shirts and ties, and a tailor who shortens trousers while you wait. This is where you buy your graduation suit.',
    ...at('Storgatan', 18),
    phone: '+46701740617',
    email: 'butik@berg-och-son.example',
    website: 'https://berg-och-son.example',
    openingHours: withHolidays(hours(weekdays('10:00', '18:00'), saturday('10:00', '15:00')), 'shop'),
    services: ['giftcard'],
    tags: ['herrkläder', 'kostym', 'skjortor', 'skräddare', 'ändringar', 'student'],
    isMember: true,
    memberSince: '2004-03-01',
    contact: { name: 'Mikael Berg', email: 'mikael@berg-och-son.example' },
  },
  {
    slug: 'optikhuset',
    name: 'Optikhuset',
    category: 'optik',
    orgNumber: '556603-9847',
    description:
      'Legitimerade optiker som tar sig tid med synundersökningen och har bågar från små europeiska tillverkare. Kontaktlinser och solglasögon med styrka.',
    descriptionEn:
      'Licensed opticians who take their time with eye tests and stock frames from small European makers. Contact lenses and prescription sunglasses.',
    ...at('Storgatan', 21),
    phone: '+46701740618',
    email: 'syn@optikhuset.example',
    website: 'https://optikhuset.example',
    openingHours: withHolidays(hours(weekdays('10:00', '18:00'), saturday('10:00', '14:00')), 'shop'),
    services: ['giftcard', 'booking'],
    tags: ['glasögon', 'optiker', 'synundersökning', 'kontaktlinser', 'solglasögon'],
    isMember: true,
    memberSince: '2012-05-02',
    contact: { name: 'Johan Åkesson', email: 'johan@optikhuset.example' },
  },
  {
    slug: 'ahlstroms-ur-och-guld',
    name: 'Ahlströms Ur & Guld',
    category: 'smycken',
    orgNumber: '556209-6635',
    description:
      'Guldsmed och urmakare i egen verkstad: vi gör vigselringar, byter batterier och lagar farfars fickur. Gravyr medan du tar en fika.',
    descriptionEn:
      'Goldsmith and watchmaker with their own workshop: wedding rings, battery changes and repairs to grandfather’s pocket watch. Engraving while you have a coffee.',
    ...at('Storgatan', 23),
    phone: '+46701740619',
    email: 'verkstad@ahlstroms-ur-och-guld.example',
    website: 'https://ahlstroms-ur-och-guld.example',
    openingHours: withHolidays(hours(weekdays('10:00', '18:00'), saturday('10:00', '15:00')), 'shop'),
    services: ['giftcard'],
    tags: ['smycken', 'guldsmed', 'klockor', 'urmakare', 'vigselringar', 'gravyr', 'reparation'],
    isMember: true,
    memberSince: '2005-10-01',
    contact: { name: 'Eva Ahlström', email: 'eva@ahlstroms-ur-och-guld.example' },
  },
  {
    slug: 'hemma-inredning',
    name: 'Hemma Inredning',
    category: 'inredning',
    orgNumber: '559127-4401',
    description:
      'Textilier, keramik från lokala krukmakare och doftljus i ett ljust hörnhus. Här hittar du presenten till den som redan har allt.',
    descriptionEn:
      'Textiles, ceramics from local potters and scented candles in a bright corner house. This is where you find a present for someone who has everything.',
    ...at('Storgatan', 26),
    phone: '+46701740620',
    email: 'hej@hemma-inredning.example',
    website: 'https://hemma-inredning.example',
    openingHours: withHolidays(
      hours(weekdays('10:00', '18:00'), saturday('10:00', '16:00'), sunday('12:00', '16:00')),
      'shop',
    ),
    services: ['giftcard', 'click_collect', 'home_delivery'],
    tags: ['inredning', 'keramik', 'textilier', 'ljus', 'presenter', 'hem'],
    isMember: true,
    memberSince: '2017-11-01',
    contact: { name: 'Sofia Dahl', email: 'sofia@hemma-inredning.example' },
  },
  {
    slug: 'trattoria-piazza',
    name: 'Trattoria Piazza',
    category: 'restaurang',
    orgNumber: '556929-0181',
    description:
      'Familjen Russo lagar färsk pasta varje morgon och bakar pizza i vedugn. Lunchbuffén med antipasti är stans mest populära på fredagar.',
    descriptionEn:
      'The Russo family makes fresh pasta every morning and bakes pizza in a wood-fired oven. The lunch buffet with antipasti is the town’s favourite on Fridays.',
    ...at('Storgatan', 31),
    phone: '+46701740621',
    email: 'ciao@trattoria-piazza.example',
    website: 'https://trattoria-piazza.example',
    openingHours: withHolidays(
      hours(
        weekdays('11:00', '14:00'),
        days(1, 4, '17:00', '22:00'),
        days(5, 5, '17:00', '23:00'),
        saturday('13:00', '23:00'),
        sunday('13:00', '21:00'),
      ),
      'restaurant',
      [openOn(H.nyarsafton, '18:00', '01:00', 'Nyårsmeny – förbokning')],
    ),
    services: ['giftcard', 'take_away', 'booking'],
    tags: ['italienskt', 'pasta', 'pizza', 'vedugn', 'lunch', 'lunchbuffé', 'middag'],
    isMember: true,
    memberSince: '2013-06-01',
    contact: { name: 'Marco Russo', email: 'marco@trattoria-piazza.example' },
  },
  {
    slug: 'frisorsalongen-lockigt',
    name: 'Frisörsalongen Lockigt',
    category: 'frisor',
    orgNumber: '969531-7702',
    description:
      'Fyra frisörer som kan lockigt hår på riktigt, och som klipper barn utan tårar. Boka på nätet eller titta in för en snabb lugg.',
    descriptionEn:
      'Four hairdressers who really know curly hair and cut children’s hair without tears. Book online or drop in for a quick fringe trim.',
    ...at('Storgatan', 34),
    phone: '+46701740622',
    email: 'boka@frisorsalongen-lockigt.example',
    website: 'https://frisorsalongen-lockigt.example',
    openingHours: withHolidays(
      hours(days(1, 3, '09:00', '18:00'), days(4, 4, '09:00', '19:00'), days(5, 5, '09:00', '17:00'), saturday('09:00', '14:00')),
      'salon',
    ),
    services: ['giftcard', 'booking'],
    tags: ['frisör', 'klippning', 'lockigt hår', 'färgning', 'barnklippning', 'drop-in'],
    isMember: true,
    memberSince: '2016-01-15',
    contact: { name: 'Elin Fransson', email: 'elin@frisorsalongen-lockigt.example' },
  },
  {
    slug: 'sportkompaniet',
    name: 'Sportkompaniet',
    category: 'sport',
    orgNumber: '556418-2276',
    description:
      'Skidor, löparskor och fotbollsskor till hela föreningslivet i Demoköping. Vi slipar skridskor medan du väntar och har klubbrabatt för alla lag.',
    descriptionEn:
      'Skis, running shoes and football boots for every sports club in Demoköping. We sharpen skates while you wait and give discounts to every team.',
    ...at('Storgatan', 37),
    phone: '+46701740623',
    email: 'butik@sportkompaniet.example',
    website: 'https://sportkompaniet.example',
    openingHours: withHolidays(
      hours(weekdays('10:00', '18:00'), saturday('10:00', '16:00'), sunday('12:00', '16:00')),
      'shop',
    ),
    services: ['giftcard', 'click_collect', 'home_delivery'],
    tags: ['sport', 'löparskor', 'skidor', 'skridskoslipning', 'fotboll', 'friluftsliv'],
    isMember: true,
    memberSince: '2009-04-01',
    contact: { name: 'Anders Pettersson', email: 'anders@sportkompaniet.example' },
  },
  {
    slug: 'olstugan',
    name: 'Ölstugan',
    category: 'bar',
    orgNumber: '559301-8855',
    description:
      'Pub med tolv kranar, där hälften alltid kommer från små svenska bryggerier. Quiz varje onsdag och liveband en fredag i månaden.',
    descriptionEn:
      'A pub with twelve taps, half of them always from small Swedish breweries. Quiz every Wednesday and a live band one Friday a month.',
    ...at('Storgatan', 42),
    phone: '+46701740624',
    email: 'skal@olstugan.example',
    website: 'https://olstugan.example',
    openingHours: withHolidays(
      hours(days(2, 4, '16:00', '23:00'), days(5, 5, '15:00', '01:00'), saturday('13:00', '01:00')),
      'bar',
      [openOn(H.juldagen, '21:00', '02:00', 'Juldagsfest')],
    ),
    services: ['giftcard'],
    tags: ['pub', 'öl', 'hantverksöl', 'quiz', 'livemusik', 'afterwork'],
    isMember: true,
    memberSince: '2020-10-01',
    contact: { name: 'Fredrik Strand', email: 'fredrik@olstugan.example' },
  },
  {
    slug: 'pizzeria-venezia',
    name: 'Pizzeria Venezia',
    category: 'restaurang',
    orgNumber: '969447-2839',
    description:
      'Stans äldsta pizzeria med kebabpizza, inbakade calzone och lunchpizza med sallad och kaffe. Ring och beställ, så är den klar på tolv minuter.',
    descriptionEn:
      'The town’s oldest pizzeria with kebab pizza, calzone and a lunch pizza with salad and coffee. Phone your order and it is ready in twelve minutes.',
    ...at('Storgatan', 45),
    phone: '+46701740625',
    email: 'bestall@pizzeria-venezia.example',
    openingHours: withHolidays(hours(everyDay('11:00', '22:00')), 'restaurant'),
    services: ['take_away', 'home_delivery'],
    tags: ['pizza', 'kebabpizza', 'lunch', 'avhämtning', 'hemkörning', 'sallad'],
    isMember: false,
    contact: { name: 'Dragan Petrović', email: 'dragan@pizzeria-venezia.example' },
  },
  {
    slug: 'handelshuset',
    name: 'Handelshuset Fastighets AB',
    category: 'fastighetsagare',
    orgNumber: '556571-3319',
    description:
      'Äger kvarteret Handelshuset på Storgatan med tolv butikslokaler. Har just nu en ledig lokal som gärna lånas ut till popup-butiker.',
    descriptionEn:
      'Owns the Handelshuset block on Storgatan with twelve shop premises. Currently has a vacant unit that is happily lent to pop-up shops.',
    ...at('Storgatan', 24),
    phone: '+46701740626',
    email: 'uthyrning@handelshuset.example',
    website: 'https://handelshuset.example',
    openingHours: noHours(),
    services: [],
    tags: ['fastighetsägare', 'ledig lokal', 'popup', 'butikslokal', 'uthyrning'],
    isMember: true,
    memberSince: '2010-06-01',
    contact: { name: 'Cecilia Mårtensson', email: 'cecilia@handelshuset.example' },
  },

  // --- Drottninggatan ------------------------------------------------------
  {
    slug: 'orkide-thai',
    name: 'Orkidé Thai',
    category: 'restaurang',
    orgNumber: '559048-1163',
    description:
      'Nok lagar mat från sin hemstad Chiang Mai: khao soi, grön curry och pad thai med riktig tamarind. Lunchen är klar på fem minuter, eller hämta med dig.',
    descriptionEn:
      'Nok cooks food from her home town of Chiang Mai: khao soi, green curry and pad thai with real tamarind. Lunch is served in five minutes, or take it with you.',
    ...at('Drottninggatan', 9),
    phone: '+46701740627',
    email: 'mat@orkide-thai.example',
    website: 'https://orkide-thai.example',
    openingHours: withHolidays(hours(weekdays('11:00', '20:00'), days(6, 7, '13:00', '20:00')), 'restaurant'),
    services: ['giftcard', 'take_away'],
    tags: ['thai', 'thaimat', 'lunch', 'avhämtning', 'curry', 'pad thai', 'vegetariskt'],
    isMember: true,
    memberSince: '2018-09-01',
    contact: { name: 'Nok Suwannarat', email: 'nok@orkide-thai.example' },
  },
  {
    slug: 'kafe-linnea',
    name: 'Kafé Linnéa',
    category: 'kafe',
    orgNumber: '969325-6696',
    description:
      'Litet kafé med blommiga tapeter, hembakta kladdkakor och soppa med surdegsbröd till lunch. Barnvagnarna får plats och hundar är välkomna.',
    descriptionEn:
      'A small café with flowery wallpaper, home-made chocolate cakes and soup with sourdough bread for lunch. There is room for prams and dogs are welcome.',
    ...at('Drottninggatan', 14),
    phone: '+46701740628',
    email: 'hej@kafe-linnea.example',
    website: 'https://kafe-linnea.example',
    openingHours: withHolidays(
      hours(weekdays('08:00', '17:00'), saturday('10:00', '16:00'), sunday('11:00', '16:00')),
      'cafe',
    ),
    services: ['giftcard', 'take_away'],
    tags: ['kafé', 'kaffe', 'fika', 'kladdkaka', 'soppa', 'hundvänligt', 'barnvänligt'],
    isMember: true,
    memberSince: '2022-05-01',
    contact: { name: 'Linnéa Sundberg', email: 'linnea@kafe-linnea.example' },
  },
  {
    slug: 'hudverket',
    name: 'Hudverket Spa & Skönhet',
    category: 'skonhet',
    orgNumber: '559176-3320',
    description:
      'Ansiktsbehandlingar, massage och fransar i lugna rum en trappa upp. Presentkort på en timmes massage är vår mest köpta julklapp.',
    descriptionEn:
      'Facials, massage and lash treatments in calm rooms one floor up. A gift voucher for an hour’s massage is our most popular Christmas present.',
    ...at('Drottninggatan', 19),
    phone: '+46701740629',
    email: 'boka@hudverket.example',
    website: 'https://hudverket.example',
    openingHours: withHolidays(hours(weekdays('09:00', '19:00'), saturday('10:00', '15:00')), 'salon'),
    services: ['giftcard', 'booking'],
    tags: ['spa', 'massage', 'ansiktsbehandling', 'fransar', 'hudvård', 'skönhet'],
    isMember: true,
    memberSince: '2019-08-15',
    contact: { name: 'Josefin Björk', email: 'josefin@hudverket.example' },
  },
  {
    slug: 'papper-och-penna',
    name: 'Papper & Penna',
    category: 'bocker',
    orgNumber: '556730-5585',
    description:
      'Pappershandel med reservoarpennor, almanackor och kort för alla tillfällen. Skolstarten är vår högtid, och vi slår gärna in paketet.',
    descriptionEn:
      'A stationer with fountain pens, diaries and cards for every occasion. The start of the school year is our big season, and we are happy to gift-wrap.',
    ...at('Drottninggatan', 22),
    phone: '+46701740630',
    email: 'butik@papper-och-penna.example',
    website: 'https://papper-och-penna.example',
    openingHours: withHolidays(hours(weekdays('10:00', '18:00'), saturday('10:00', '15:00')), 'shop'),
    services: ['giftcard', 'click_collect'],
    tags: ['papper', 'pennor', 'kalendrar', 'kort', 'kontorsmaterial', 'presentinslagning'],
    isMember: true,
    memberSince: '2007-02-01',
    contact: { name: 'Gunilla Hedlund', email: 'gunilla@papper-och-penna.example' },
  },
  {
    slug: 'ostboden',
    name: 'Ostboden',
    category: 'livsmedel',
    orgNumber: '969862-4419',
    description:
      'Lagrade ostar från gårdsmejerier i Västergötland, charkuterier och marmelad till osten. Beställ julosten i god tid, vi kör hem den inom stan.',
    descriptionEn:
      'Aged cheeses from farm dairies in Västergötland, charcuterie and marmalade to go with the cheese. Order your Christmas cheese early; we deliver within town.',
    ...at('Drottninggatan', 27),
    phone: '+46701740631',
    email: 'ost@ostboden.example',
    website: 'https://ostboden.example',
    openingHours: withHolidays(
      hours(days(2, 5, '10:00', '18:00'), saturday('09:00', '14:00')),
      'shop',
      [
        openOn('2026-12-23', '08:00', '19:00', 'Dagen före julafton'),
        openOn(H.julafton, '08:00', '12:00', 'Julafton – hämta beställd julost'),
      ],
    ),
    services: ['giftcard', 'home_delivery', 'click_collect'],
    tags: ['ost', 'delikatesser', 'chark', 'julost', 'gårdsmejeri', 'presentkorg'],
    isMember: true,
    memberSince: '2014-10-01',
    contact: { name: 'Gustav Olofsson', email: 'gustav@ostboden.example' },
  },
  {
    slug: 'demokopings-chokladeri',
    name: 'Demoköpings Chokladeri',
    category: 'livsmedel',
    orgNumber: '559259-7149',
    description:
      'Handgjorda praliner med smaker som havtorn och lakrits, gjorda i köket bakom disken. Varm choklad med grädde när det är kallt ute.',
    descriptionEn:
      'Handmade pralines in flavours like sea buckthorn and liquorice, made in the kitchen behind the counter. Hot chocolate with cream when it is cold outside.',
    ...at('Drottninggatan', 30),
    phone: '+46701740632',
    email: 'praliner@demokopings-chokladeri.example',
    website: 'https://demokopings-chokladeri.example',
    openingHours: withHolidays(hours(weekdays('10:00', '18:00'), saturday('10:00', '16:00')), 'shop'),
    services: ['giftcard', 'home_delivery', 'click_collect'],
    tags: ['choklad', 'praliner', 'godis', 'presenter', 'varm choklad', 'hantverk'],
    isMember: true,
    memberSince: '2020-11-15',
    contact: { name: 'Ida Wikström', email: 'ida@demokopings-chokladeri.example' },
  },
  {
    slug: 'vinbaren-druvan',
    name: 'Vinbaren Druvan',
    category: 'bar',
    orgNumber: '559085-2231',
    description:
      'Vinbar med trettio viner på glas, ostbricka och småplock från Ostboden tvärs över gatan. Perfekt för ett glas efter jobbet.',
    descriptionEn:
      'A wine bar with thirty wines by the glass, a cheese board and small plates from Ostboden across the street. Perfect for a glass after work.',
    ...at('Drottninggatan', 33),
    phone: '+46701740633',
    email: 'bord@vinbaren-druvan.example',
    website: 'https://vinbaren-druvan.example',
    openingHours: withHolidays(hours(days(3, 4, '17:00', '23:00'), days(5, 6, '16:00', '01:00')), 'bar'),
    services: ['giftcard', 'booking'],
    tags: ['vin', 'vinbar', 'ostbricka', 'afterwork', 'småplock', 'naturvin'],
    isMember: true,
    memberSince: '2018-03-01',
    contact: { name: 'Helena Forsberg', email: 'helena@vinbaren-druvan.example' },
  },
  {
    slug: 'nagelstudion-glans',
    name: 'Nagelstudion Glans',
    category: 'skonhet',
    orgNumber: '969910-3355',
    description:
      'Manikyr, gellack och fotvård hos Linh och Thu, som alltid hinner med en pratstund. Boka tid på nätet, ofta samma dag.',
    descriptionEn:
      'Manicures, gel polish and pedicures with Linh and Thu, who always have time for a chat. Book online, often the same day.',
    ...at('Drottninggatan', 36),
    phone: '+46701740634',
    email: 'boka@nagelstudion-glans.example',
    openingHours: withHolidays(hours(days(2, 5, '10:00', '18:00'), saturday('10:00', '14:00')), 'salon'),
    services: ['giftcard', 'booking'],
    tags: ['naglar', 'manikyr', 'gellack', 'fotvård', 'pedikyr', 'skönhet'],
    isMember: true,
    memberSince: '2023-02-01',
    contact: { name: 'Linh Nguyen', email: 'linh@nagelstudion-glans.example' },
  },
  {
    slug: 'resebyran-vida-varlden',
    name: 'Resebyrån Vida Världen',
    category: 'tjanster',
    orgNumber: '556512-6603',
    description:
      'Personlig resebyrå för bussresor, kryssningar och tågluffning. Vi hjälper dig om det krånglar, även mitt i natten.',
    descriptionEn:
      'A personal travel agency for coach trips, cruises and rail travel. We help you when things go wrong, even in the middle of the night.',
    ...at('Drottninggatan', 41),
    phone: '+46701740635',
    email: 'resa@resebyran-vida-varlden.example',
    website: 'https://resebyran-vida-varlden.example',
    openingHours: withHolidays(hours(weekdays('10:00', '17:00')), 'service'),
    services: ['booking'],
    tags: ['resor', 'resebyrå', 'bussresor', 'kryssning', 'tågresor'],
    isMember: false,
    contact: { name: 'Margareta Sandberg', email: 'margareta@resebyran-vida-varlden.example' },
  },
  {
    slug: 'yogarummet',
    name: 'Yogarummet',
    category: 'halsa',
    orgNumber: '769631-2045',
    description:
      'Medlemsägd yogastudio med pass från tidig morgon till kväll, även yin och yoga för gravida. Första passet är alltid gratis.',
    descriptionEn:
      'A member-owned yoga studio with classes from early morning to evening, including yin and prenatal yoga. Your first class is always free.',
    ...at('Drottninggatan', 44),
    phone: '+46701740636',
    email: 'namaste@yogarummet.example',
    website: 'https://yogarummet.example',
    openingHours: withHolidays(hours(weekdays('07:00', '20:00'), days(6, 7, '09:00', '13:00')), 'health'),
    services: ['giftcard', 'booking'],
    tags: ['yoga', 'träning', 'meditation', 'yin', 'gravidyoga', 'hälsa'],
    isMember: true,
    memberSince: '2021-09-01',
    contact: { name: 'Rebecka Nordin', email: 'rebecka@yogarummet.example' },
  },

  // --- Kungsgatan ----------------------------------------------------------
  {
    slug: 'gymmet-kraftverket',
    name: 'Gymmet Kraftverket',
    category: 'halsa',
    orgNumber: '559112-9936',
    description:
      'Gym i det gamla elverket med fria vikter, spinning och personliga tränare. Seniorträning tisdagar och torsdagar förmiddag.',
    descriptionEn:
      'A gym in the old power station with free weights, spinning and personal trainers. Seniors’ training on Tuesday and Thursday mornings.',
    ...at('Kungsgatan', 11),
    phone: '+46701740637',
    email: 'info@gymmet-kraftverket.example',
    website: 'https://gymmet-kraftverket.example',
    openingHours: withHolidays(hours(weekdays('06:00', '21:00'), days(6, 7, '08:00', '18:00')), 'health'),
    services: ['giftcard', 'booking'],
    tags: ['gym', 'träning', 'spinning', 'personlig tränare', 'seniorträning', 'styrketräning'],
    isMember: true,
    memberSince: '2016-06-01',
    contact: { name: 'Oskar Lundqvist', email: 'oskar@gymmet-kraftverket.example' },
  },
  {
    slug: 'kotori-sushi',
    name: 'Kotori Sushi',
    category: 'restaurang',
    orgNumber: '559367-4418',
    description:
      'Nigiri och maki rullas på beställning, och lunchens poké bowls är slut strax efter tolv. Beställ på telefon och hämta, eller få det hemkört.',
    descriptionEn:
      'Nigiri and maki are rolled to order, and the lunchtime poké bowls sell out just after noon. Order by phone and collect, or have it delivered.',
    ...at('Kungsgatan', 16),
    phone: '+46701740638',
    email: 'order@kotori-sushi.example',
    website: 'https://kotori-sushi.example',
    openingHours: withHolidays(
      hours(weekdays('11:00', '20:00'), saturday('12:00', '20:00'), sunday('15:00', '20:00')),
      'restaurant',
    ),
    services: ['giftcard', 'take_away', 'home_delivery'],
    tags: ['sushi', 'japanskt', 'poké bowl', 'lunch', 'avhämtning', 'hemkörning'],
    isMember: true,
    memberSince: '2020-04-15',
    contact: { name: 'Kenji Sato', email: 'kenji@kotori-sushi.example' },
  },
  {
    slug: 'herrfrisoren-saxen',
    name: 'Herrfrisören Saxen',
    category: 'frisor',
    orgNumber: '969273-5518',
    description:
      'Barberare med rakkniv, varma handdukar och skäggtrim. Drop-in på förmiddagarna, bokade tider efter lunch.',
    descriptionEn:
      'A barber with straight razors, hot towels and beard trims. Drop in during the morning, booked appointments after lunch.',
    ...at('Kungsgatan', 24),
    phone: '+46701740639',
    email: 'klipp@herrfrisoren-saxen.example',
    openingHours: withHolidays(hours(days(2, 5, '10:00', '18:00'), saturday('09:00', '14:00')), 'salon'),
    services: ['giftcard', 'booking'],
    tags: ['barberare', 'herrfrisör', 'skägg', 'rakning', 'klippning', 'drop-in'],
    isMember: true,
    memberSince: '2017-03-01',
    contact: { name: 'Ali Karimi', email: 'ali@herrfrisoren-saxen.example' },
  },
  {
    slug: 'lindas-blommor',
    name: 'Lindas Blommor',
    category: 'blommor',
    orgNumber: '811218-9876',
    soleTrader: true,
    description:
      'Buketter, begravningsbinderier och krukväxter med omtanke. Linda kör ut blommor i hela Demoköping, även samma dag om du ringer före tolv.',
    descriptionEn:
      'Bouquets, funeral arrangements and house plants made with care. Linda delivers flowers all over Demoköping, even the same day if you call before noon.',
    ...at('Kungsgatan', 29),
    phone: '+46701740640',
    email: 'linda@lindas-blommor.example',
    website: 'https://lindas-blommor.example',
    openingHours: withHolidays(
      hours(weekdays('09:30', '18:00'), saturday('09:30', '15:00'), sunday('11:00', '14:00')),
      'shop',
      [openOn(H.julafton, '08:00', '13:00', 'Julafton – julblommor och kransar')],
    ),
    services: ['giftcard', 'home_delivery', 'click_collect'],
    tags: ['blommor', 'buketter', 'växter', 'begravning', 'bröllop', 'hemleverans', 'florist'],
    isMember: true,
    memberSince: '2012-03-01',
    contact: { name: 'Linda Ek', email: 'linda@lindas-blommor.example' },
  },
  {
    slug: 'kemtvatten-kungsgatan',
    name: 'Kemtvätten Kungsgatan',
    category: 'tjanster',
    orgNumber: '556288-1408',
    description:
      'Kemtvätt, skjorttvätt och mattvätt sedan 1958. Lämna före tio så är skjortorna klara nästa morgon.',
    descriptionEn:
      'Dry cleaning, shirt laundry and rug washing since 1958. Drop off before ten and your shirts are ready the next morning.',
    ...at('Kungsgatan', 33),
    phone: '+46701740641',
    email: 'info@kemtvatten-kungsgatan.example',
    openingHours: withHolidays(hours(weekdays('08:00', '18:00'), saturday('10:00', '13:00')), 'service'),
    services: ['giftcard'],
    tags: ['kemtvätt', 'tvätt', 'skjortor', 'mattvätt', 'klädvård'],
    isMember: true,
    memberSince: '2005-01-15',
    contact: { name: 'Roger Holmberg', email: 'roger@kemtvatten-kungsgatan.example' },
  },
  {
    slug: 'cedern',
    name: 'Cedern Libanesiska Köket',
    category: 'restaurang',
    orgNumber: '559223-0576',
    description:
      'Falafel friterad på beställning, shawarma och mezetallrikar att dela. Lunchen inkluderar bröd, sallad och mynta-te.',
    descriptionEn:
      'Falafel fried to order, shawarma and meze platters to share. Lunch includes bread, salad and mint tea.',
    ...at('Kungsgatan', 38),
    phone: '+46701740642',
    email: 'mat@cedern.example',
    website: 'https://cedern.example',
    openingHours: withHolidays(hours(days(1, 6, '11:00', '21:00'), sunday('12:00', '20:00')), 'restaurant'),
    services: ['giftcard', 'take_away'],
    tags: ['libanesiskt', 'falafel', 'meze', 'shawarma', 'lunch', 'vegetariskt', 'avhämtning'],
    isMember: true,
    memberSince: '2019-05-01',
    contact: { name: 'Rami Khoury', email: 'rami@cedern.example' },
  },
  {
    slug: 'bio-saga',
    name: 'Bio Saga',
    category: 'kultur',
    orgNumber: '802437-1950',
    description:
      'Stans biograf med 180 röda plyschstolar, drivs av en ideell förening sedan salongen räddades 1994. Premiärer, barnmatinéer och filmklubb på söndagar.',
    descriptionEn:
      'The town cinema with 180 red plush seats, run by a non-profit association since the theatre was saved in 1994. Premieres, children’s matinees and a film club on Sundays.',
    ...at('Kungsgatan', 43),
    phone: '+46701740643',
    email: 'biljetter@bio-saga.example',
    website: 'https://bio-saga.example',
    openingHours: withHolidays(
      hours(days(2, 4, '17:30', '22:00'), days(5, 5, '17:00', '23:30'), saturday('13:00', '23:30'), sunday('13:00', '21:00')),
      'culture',
      [openOn(H.juldagen, '15:00', '22:00', 'Juldagen – julpremiär')],
    ),
    services: ['giftcard', 'booking'],
    tags: ['bio', 'film', 'biograf', 'premiär', 'barnmatiné', 'filmklubb'],
    isMember: true,
    memberSince: '2006-01-01',
    contact: { name: 'Tomas Engström', email: 'tomas@bio-saga.example' },
  },

  // --- Hamngatan -----------------------------------------------------------
  {
    slug: 'skomakare-nilsson',
    name: 'Skomakare Nilssons Klack & Nyckel',
    category: 'tjanster',
    orgNumber: '620507-9830',
    soleTrader: true,
    description:
      'Klackning, nyckelkopiering och gravyr i en verkstad som luktar läder. Bosse har lagat stans skor i fyrtio år.',
    descriptionEn:
      'Heel repairs, key cutting and engraving in a workshop that smells of leather. Bosse has mended the town’s shoes for forty years.',
    ...at('Hamngatan', 17),
    phone: '+46701740644',
    email: 'bosse@skomakare-nilsson.example',
    openingHours: withHolidays(hours(weekdays('10:00', '18:00'), saturday('10:00', '13:00')), 'service'),
    services: ['giftcard'],
    tags: ['skomakare', 'klackning', 'nycklar', 'nyckelkopiering', 'gravyr', 'lagning'],
    isMember: true,
    memberSince: '2004-03-01',
    contact: { name: 'Bo Nilsson', email: 'bosse@skomakare-nilsson.example' },
  },
  {
    slug: 'grona-skafferiet',
    name: 'Gröna Skafferiet',
    category: 'restaurang',
    orgNumber: '769628-4418',
    description:
      'Vegetarisk lunch i kooperativ regi med grönsaker från gårdar runt Demoköping. Salladsbuffé, dagens soppa och surdegsbröd ingår.',
    descriptionEn:
      'A cooperatively run vegetarian lunch restaurant with vegetables from farms around Demoköping. Salad buffet, soup of the day and sourdough bread are included.',
    ...at('Hamngatan', 22),
    phone: '+46701740645',
    email: 'lunch@grona-skafferiet.example',
    website: 'https://grona-skafferiet.example',
    openingHours: withHolidays(hours(weekdays('11:00', '15:00'), saturday('11:00', '15:00')), 'restaurant'),
    services: ['giftcard', 'take_away'],
    tags: ['vegetariskt', 'veganskt', 'lunch', 'dagens lunch', 'närproducerat', 'salladsbuffé'],
    isMember: true,
    memberSince: '2022-01-10',
    contact: { name: 'Hanna Lindström', email: 'hanna@grona-skafferiet.example' },
  },
  {
    slug: 'kvarterspuben-lyktan',
    name: 'Kvarterspuben Lyktan',
    category: 'bar',
    orgNumber: '556860-7211',
    description:
      'Kvarterskrog med dart, fotboll på storbild och pubmat som fish and chips. Alla vet vad du heter efter andra besöket.',
    descriptionEn:
      'A neighbourhood pub with darts, football on the big screen and pub food like fish and chips. Everyone knows your name by the second visit.',
    ...at('Hamngatan', 28),
    phone: '+46701740646',
    email: 'info@kvarterspuben-lyktan.example',
    website: 'https://kvarterspuben-lyktan.example',
    openingHours: withHolidays(
      hours(days(1, 4, '16:00', '23:30'), days(5, 6, '15:00', '01:00'), sunday('15:00', '22:00')),
      'bar',
    ),
    services: ['giftcard', 'take_away'],
    tags: ['pub', 'öl', 'dart', 'fotboll', 'pubmat', 'fish and chips'],
    isMember: true,
    memberSince: '2014-02-01',
    contact: { name: 'Patrik Öberg', email: 'patrik@kvarterspuben-lyktan.example' },
  },
  {
    slug: 'fotoateljen-ljusbild',
    name: 'Fotoateljén Ljusbild',
    category: 'tjanster',
    orgNumber: '969695-0824',
    description:
      'Passfoton på fem minuter, studentporträtt och inramning av dina egna bilder. Vi skannar också gamla diabilder och smalfilm.',
    descriptionEn:
      'Passport photos in five minutes, graduation portraits and framing of your own pictures. We also scan old slides and cine film.',
    ...at('Hamngatan', 35),
    phone: '+46701740647',
    email: 'studio@fotoateljen-ljusbild.example',
    website: 'https://fotoateljen-ljusbild.example',
    openingHours: withHolidays(hours(days(2, 5, '10:00', '17:00'), saturday('10:00', '13:00')), 'service'),
    services: ['giftcard', 'booking'],
    tags: ['foto', 'passfoto', 'porträtt', 'inramning', 'studentfoto', 'digitalisering'],
    isMember: true,
    memberSince: '2010-09-01',
    contact: { name: 'Malin Sjögren', email: 'malin@fotoateljen-ljusbild.example' },
  },
  {
    slug: 'cykelverkstan',
    name: 'Cykelverkstan',
    category: 'sport',
    orgNumber: '559154-8820',
    description:
      'Nya och begagnade cyklar, elcyklar att provåka och en verkstad som lagar punktering samma dag. Vårservice bokas redan i februari.',
    descriptionEn:
      'New and used bicycles, e-bikes to test ride and a workshop that fixes punctures the same day. Spring servicing is booked up from February.',
    ...at('Hamngatan', 41),
    phone: '+46701740648',
    email: 'verkstad@cykelverkstan.example',
    website: 'https://cykelverkstan.example',
    openingHours: withHolidays(hours(weekdays('10:00', '18:00'), saturday('10:00', '14:00')), 'shop'),
    services: ['giftcard', 'booking'],
    tags: ['cykel', 'elcykel', 'cykelreparation', 'service', 'begagnade cyklar', 'cykeltillbehör'],
    isMember: true,
    memberSince: '2018-04-01',
    contact: { name: 'Viktor Hansson', email: 'viktor@cykelverkstan.example' },
  },

  // --- Kyrkogatan ----------------------------------------------------------
  {
    slug: 'tandlakarna-kyrkogatan',
    name: 'Tandläkarna på Kyrkogatan',
    category: 'halsa',
    orgNumber: '556694-3121',
    description:
      'Tandvård för hela familjen med lång erfarenhet av tandrädda patienter. Akuttider varje morgon.',
    descriptionEn:
      'Dental care for the whole family, with long experience of nervous patients. Emergency appointments every morning.',
    ...at('Kyrkogatan', 8),
    phone: '+46701740649',
    email: 'reception@tandlakarna-kyrkogatan.example',
    website: 'https://tandlakarna-kyrkogatan.example',
    openingHours: withHolidays(hours(days(1, 4, '07:30', '17:00'), days(5, 5, '07:30', '14:00')), 'service'),
    services: ['booking'],
    tags: ['tandläkare', 'tandvård', 'tandhygienist', 'akuttandvård', 'tandblekning'],
    isMember: true,
    memberSince: '2021-01-01',
    contact: { name: 'Nadia Berglund', email: 'nadia@tandlakarna-kyrkogatan.example' },
  },
  {
    slug: 'tekoppen',
    name: 'Tekoppen',
    category: 'kafe',
    orgNumber: '969508-2264',
    description:
      'Tehandel och tesalong med över hundra teer i lösvikt, scones med lemon curd och engelsk afternoon tea på lördagar.',
    descriptionEn:
      'A tea shop and tea room with more than a hundred loose-leaf teas, scones with lemon curd and English afternoon tea on Saturdays.',
    ...at('Kyrkogatan', 13),
    phone: '+46701740650',
    email: 'te@tekoppen.example',
    website: 'https://tekoppen.example',
    openingHours: withHolidays(hours(days(2, 6, '10:00', '17:00'), sunday('11:00', '16:00')), 'cafe'),
    services: ['giftcard', 'take_away', 'home_delivery'],
    tags: ['te', 'tesalong', 'scones', 'afternoon tea', 'fika', 'lösvikt'],
    isMember: true,
    memberSince: '2015-10-01',
    contact: { name: 'Ingrid Carlsson', email: 'ingrid@tekoppen.example' },
  },
  {
    slug: 'galleri-kyrkbacken',
    name: 'Galleri Kyrkbacken',
    category: 'kultur',
    orgNumber: '802501-6638',
    description:
      'Konstföreningens galleri i gamla skolhuset vid kyrkan, med nya utställningar varje månad och vernissage på lördagar. Fri entré.',
    descriptionEn:
      'The art society’s gallery in the old schoolhouse by the church, with a new exhibition every month and openings on Saturdays. Free entry.',
    ...at('Kyrkogatan', 24),
    phone: '+46701740651',
    email: 'galleri@galleri-kyrkbacken.example',
    website: 'https://galleri-kyrkbacken.example',
    openingHours: withHolidays(hours(days(3, 5, '12:00', '18:00'), days(6, 7, '11:00', '16:00')), 'culture', [
      closedOn(H.trettondedagJul, 'Trettondedag jul'),
    ]),
    services: ['giftcard'],
    tags: ['konst', 'galleri', 'utställning', 'vernissage', 'konstförening', 'fri entré'],
    isMember: true,
    memberSince: '2013-01-01',
    contact: { name: 'Gösta Lindahl', email: 'gosta@galleri-kyrkbacken.example' },
  },
  {
    slug: 'brf-radhuset',
    name: 'Brf Rådhuset',
    category: 'fastighetsagare',
    orgNumber: '769604-1834',
    description:
      'Bostadsrättsföreningen i gamla rådhuset, med tre butikslokaler i gatuplan mot Kyrkogatan. Föreningen vill ha liv i kvarteret även på kvällarna.',
    descriptionEn:
      'The housing cooperative in the old town hall, with three shop premises at street level on Kyrkogatan. The association wants life in the block in the evenings too.',
    ...at('Kyrkogatan', 27),
    phone: '+46701740652',
    email: 'styrelsen@brf-radhuset.example',
    openingHours: noHours(),
    services: [],
    tags: ['fastighetsägare', 'bostadsrättsförening', 'butikslokal', 'rådhuset'],
    isMember: true,
    memberSince: '2019-06-01',
    contact: { name: 'Ulla Jakobsson', email: 'ulla@brf-radhuset.example' },
  },
  {
    slug: 'garnladan',
    name: 'Garnladan',
    category: 'inredning',
    orgNumber: '969853-1044',
    description:
      'Garn av svensk ull, stickmönster och knappar i hundratals varianter. Stickcafé varje tisdagskväll, nybörjare är extra välkomna.',
    descriptionEn:
      'Yarn from Swedish wool, knitting patterns and hundreds of kinds of buttons. A knitting café every Tuesday evening; beginners especially welcome.',
    ...at('Kyrkogatan', 30),
    phone: '+46701740653',
    email: 'hej@garnladan.example',
    website: 'https://garnladan.example',
    openingHours: withHolidays(hours(weekdays('11:00', '18:00'), saturday('10:00', '14:00')), 'shop'),
    services: ['giftcard', 'click_collect', 'home_delivery'],
    tags: ['garn', 'stickning', 'ull', 'hantverk', 'knappar', 'stickcafé'],
    isMember: true,
    memberSince: '2016-09-01',
    contact: { name: 'Kerstin Nyberg', email: 'kerstin@garnladan.example' },
  },

  // --- Ågatan (river side) -------------------------------------------------
  {
    slug: 'bageriet-vid-an',
    name: 'Bageriet vid Ån',
    category: 'kafe',
    orgNumber: '559331-2258',
    description:
      'Surdegsbageri med stenugn och ett par bord med utsikt över ån. Kanelbullarna tar slut vid elva på lördagar, så kom tidigt.',
    descriptionEn:
      'A sourdough bakery with a stone oven and a few tables overlooking the river. The cinnamon buns are gone by eleven on Saturdays, so come early.',
    ...at('Ågatan', 19),
    phone: '+46701740654',
    email: 'brod@bageriet-vid-an.example',
    website: 'https://bageriet-vid-an.example',
    openingHours: withHolidays(hours(days(2, 5, '07:00', '17:00'), days(6, 7, '08:00', '15:00')), 'cafe', [
      openOn(H.julafton, '07:00', '12:00', 'Julafton – hämta beställt bröd och vörtbröd'),
    ]),
    services: ['giftcard', 'take_away', 'click_collect'],
    tags: ['bageri', 'surdeg', 'bröd', 'kanelbullar', 'fika', 'kaffe', 'vörtbröd'],
    isMember: true,
    memberSince: '2020-06-01',
    contact: { name: 'Erik Lönn', email: 'erik@bageriet-vid-an.example' },
  },
  {
    slug: 'restaurang-ankaret',
    name: 'Restaurang Ankaret',
    category: 'restaurang',
    orgNumber: '556377-5922',
    description:
      'Husmanskost vid kajen: pannbiff med lök, ärtsoppa och pannkakor på torsdagar, fisk på fredagar. Lunchen serveras med salladsbord och kaffe.',
    descriptionEn:
      'Traditional Swedish home cooking on the quay: beef patties with onions, pea soup and pancakes on Thursdays, fish on Fridays. Lunch comes with a salad bar and coffee.',
    ...at('Ågatan', 25),
    phone: '+46701740655',
    email: 'lunch@restaurang-ankaret.example',
    website: 'https://restaurang-ankaret.example',
    openingHours: withHolidays(hours(weekdays('11:00', '14:00'), days(4, 6, '17:00', '22:00')), 'restaurant'),
    services: ['giftcard', 'take_away'],
    tags: ['husmanskost', 'lunch', 'dagens lunch', 'ärtsoppa', 'pannkakor', 'fisk', 'avhämtning'],
    isMember: true,
    memberSince: '2007-05-01',
    contact: { name: 'Stefan Gunnarsson', email: 'stefan@restaurang-ankaret.example' },
  },
  {
    slug: 'krogen-bla-dorren',
    name: 'Krogen Blå Dörren',
    category: 'restaurang',
    orgNumber: '559270-6633',
    description:
      'Liten krog med tjugo platser och en meny som följer säsongen: gös från sjön, svamp från skogen och lamm från Kinnekulle. Boka bord i god tid.',
    descriptionEn:
      'A small restaurant with twenty seats and a menu that follows the seasons: pike-perch from the lake, mushrooms from the forest and lamb from Kinnekulle. Book well ahead.',
    ...at('Ågatan', 29),
    phone: '+46701740656',
    email: 'bord@krogen-bla-dorren.example',
    website: 'https://krogen-bla-dorren.example',
    openingHours: withHolidays(hours(days(3, 6, '17:30', '23:00')), 'restaurant', [
      closedOn(H.nyarsafton, 'Nyårsafton – stängt för privat sällskap'),
    ]),
    services: ['giftcard', 'booking'],
    tags: ['middag', 'avsmakningsmeny', 'säsong', 'närproducerat', 'vin', 'fine dining'],
    isMember: true,
    memberSince: '2017-05-15',
    contact: { name: 'Sanna Ekström', email: 'sanna@krogen-bla-dorren.example' },
  },
  {
    slug: 'agatans-fastigheter',
    name: 'Ågatans Fastigheter HB',
    category: 'fastighetsagare',
    orgNumber: '916542-3303',
    description:
      'Familjeägt handelsbolag som rustat de gamla magasinen längs ån till restauranger och kontor. Sponsrar gärna sommarens kajfest.',
    descriptionEn:
      'A family-owned partnership that has restored the old warehouses along the river into restaurants and offices. Happy to sponsor the summer quay festival.',
    ...at('Ågatan', 33),
    phone: '+46701740657',
    email: 'kontor@agatans-fastigheter.example',
    website: 'https://agatans-fastigheter.example',
    openingHours: noHours(),
    services: [],
    tags: ['fastighetsägare', 'magasin', 'kontorslokaler', 'restauranglokal', 'uthyrning'],
    isMember: true,
    memberSince: '2011-03-01',
    contact: { name: 'Anders Åberg', email: 'anders@agatans-fastigheter.example' },
  },
  {
    slug: 'gastgivaregarden',
    name: 'Gästgivaregården',
    category: 'restaurang',
    orgNumber: '556248-8014',
    description:
      'Gästgiveri från 1700-talet med söndagsstek, vilt och stans mest omtalade julbord. Stora sällskap får plats i salen på övervåningen.',
    descriptionEn:
      'An 18th-century coaching inn with Sunday roasts, game and the town’s most talked-about Christmas buffet. Large parties fit in the upstairs hall.',
    ...at('Ågatan', 37),
    phone: '+46701740658',
    email: 'bokning@gastgivaregarden.example',
    website: 'https://gastgivaregarden.example',
    openingHours: withHolidays(
      hours(weekdays('11:00', '14:00'), days(5, 6, '17:00', '23:00'), sunday('12:00', '17:00')),
      'restaurant',
      [openOn(H.julafton, '12:00', '16:00', 'Julafton – julbord i två sittningar, förbokning')],
    ),
    services: ['giftcard', 'booking', 'take_away'],
    tags: ['julbord', 'husmanskost', 'söndagsstek', 'vilt', 'lunch', 'sällskap', 'festvåning'],
    isMember: true,
    memberSince: '2004-03-01',
    contact: { name: 'Göran Lilja', email: 'goran@gastgivaregarden.example' },
  },

  // --- Skolgatan -----------------------------------------------------------
  {
    slug: 'kronan-fastigheter',
    name: 'Kvarteret Kronan Fastigheter AB',
    category: 'fastighetsagare',
    orgNumber: '559018-2795',
    description:
      'Äger kvarteren Kronan och Spiran mellan Storgatan och Skolgatan. Var med och dubblade värdet på presentkortet när stan behövde det som mest.',
    descriptionEn:
      'Owns the Kronan and Spiran blocks between Storgatan and Skolgatan. Helped double the value of the gift card when the town needed it most.',
    ...at('Skolgatan', 6),
    phone: '+46701740659',
    email: 'info@kronan-fastigheter.example',
    website: 'https://kronan-fastigheter.example',
    openingHours: noHours(),
    services: [],
    tags: ['fastighetsägare', 'lokaler', 'kontor', 'butikslokal', 'medfinansiär'],
    isMember: true,
    memberSince: '2012-01-01',
    contact: { name: 'Charlotte Wennberg', email: 'charlotte@kronan-fastigheter.example' },
  },
  {
    slug: 'dansstudion-takt',
    name: 'Dansstudion Takt',
    category: 'halsa',
    orgNumber: '802488-0729',
    description:
      'Ideell dansförening med bugg, barndans och balett för alla åldrar i gamla gymnastiksalen. Prova gratis första veckan varje termin.',
    descriptionEn:
      'A non-profit dance association with jive, children’s dance and ballet for all ages in the old school gym. Try for free in the first week of every term.',
    ...at('Skolgatan', 15),
    phone: '+46701740660',
    email: 'kontakt@dansstudion-takt.example',
    website: 'https://dansstudion-takt.example',
    openingHours: withHolidays(hours(days(1, 4, '16:00', '21:00'), saturday('10:00', '14:00')), 'service'),
    services: ['giftcard', 'booking'],
    tags: ['dans', 'bugg', 'balett', 'barndans', 'träning', 'förening'],
    isMember: true,
    memberSince: '2023-08-20',
    contact: { name: 'Mira Sjöholm', email: 'mira@dansstudion-takt.example' },
  },
];
