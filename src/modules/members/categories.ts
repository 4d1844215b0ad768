/**
 * The fixed vocabulary of business categories and offered services.
 * Slugs are stable identifiers used in URLs, the API and filters; labels are shown.
 * A fixed list (not a table per city) keeps filters, acceptance rules for gift cards
 * and the network's cross-city figures comparable between cities.
 */

export const categoryGroups = ['shop', 'food', 'salon', 'service', 'property', 'culture'] as const;
export type CategoryGroup = (typeof categoryGroups)[number];

export const categories = {
  mode: { group: 'shop', sv: 'Kläder & mode', en: 'Clothing & fashion' },
  skor: { group: 'shop', sv: 'Skor', en: 'Shoes' },
  inredning: { group: 'shop', sv: 'Inredning & hem', en: 'Home & interior' },
  bocker: { group: 'shop', sv: 'Böcker & papper', en: 'Books & stationery' },
  sport: { group: 'shop', sv: 'Sport & fritid', en: 'Sports & outdoors' },
  optik: { group: 'shop', sv: 'Optik', en: 'Opticians' },
  smycken: { group: 'shop', sv: 'Smycken & klockor', en: 'Jewellery & watches' },
  livsmedel: { group: 'shop', sv: 'Mat & delikatesser', en: 'Food & delicatessen' },
  blommor: { group: 'shop', sv: 'Blommor', en: 'Florists' },
  apotek: { group: 'shop', sv: 'Apotek', en: 'Pharmacies' },
  tobak: { group: 'shop', sv: 'Tobak & press', en: 'Tobacco & newsagents' },
  restaurang: { group: 'food', sv: 'Restauranger', en: 'Restaurants' },
  kafe: { group: 'food', sv: 'Kaféer & konditorier', en: 'Cafés & bakeries' },
  bar: { group: 'food', sv: 'Barer & pubar', en: 'Bars & pubs' },
  frisor: { group: 'salon', sv: 'Frisörer', en: 'Hairdressers' },
  skonhet: { group: 'salon', sv: 'Skönhet & spa', en: 'Beauty & spa' },
  halsa: { group: 'service', sv: 'Hälsa & träning', en: 'Health & fitness' },
  tjanster: { group: 'service', sv: 'Tjänster', en: 'Services' },
  hotell: { group: 'service', sv: 'Hotell & boende', en: 'Hotels' },
  kultur: { group: 'culture', sv: 'Kultur & nöje', en: 'Culture & entertainment' },
  fastighetsagare: { group: 'property', sv: 'Fastighetsägare', en: 'Property owners' },
} as const satisfies Record<string, { group: CategoryGroup; sv: string; en: string }>;

export type CategorySlug = keyof typeof categories;
export const categorySlugs = Object.keys(categories) as [CategorySlug, ...CategorySlug[]];

export const services = {
  home_delivery: { sv: 'Hemleverans', en: 'Home delivery' },
  take_away: { sv: 'Avhämtning', en: 'Take-away' },
  click_collect: { sv: 'Klicka och hämta', en: 'Click & collect' },
  giftcard: { sv: 'Tar emot presentkortet', en: 'Accepts the city gift card' },
  booking: { sv: 'Bokning på nätet', en: 'Online booking' },
} as const satisfies Record<string, { sv: string; en: string }>;

export type ServiceSlug = keyof typeof services;
export const serviceSlugs = Object.keys(services) as [ServiceSlug, ...ServiceSlug[]];
