/**
 * Demoköping's city guide: lunch menus for every restaurant, café and bar, events over
 * the coming months (some weekly or monthly), and members' offers and services.
 * Pure and deterministic: dates are offsets from the day the demo is seeded.
 */
import type { DietTag } from '../../modules/menus/index.js';

type DemoDish = { name: string; description: string; kr: number; tags: DietTag[] };

const meat: DemoDish[] = [
  { name: 'Pannbiff med lök', description: 'Skysås, pressgurka och kokt potatis', kr: 125, tags: ['laktosfri'] },
  { name: 'Köttbullar', description: 'Gräddsås, lingon och potatismos', kr: 125, tags: [] },
  { name: 'Kycklinggryta med curry', description: 'Jasminris och mangochutney', kr: 119, tags: ['glutenfri'] },
  { name: 'Fläskfilé med svampsås', description: 'Rostad potatis', kr: 135, tags: ['glutenfri'] },
  { name: 'Raggmunk med fläsk', description: 'Rårörda lingon', kr: 119, tags: [] },
  { name: 'Kåldolmar', description: 'Gräddsås, lingon och kokt potatis', kr: 125, tags: [] },
];
const fish: DemoDish[] = [
  { name: 'Stekt strömming', description: 'Potatismos, skirat smör och lingon', kr: 129, tags: [] },
  { name: 'Ugnsbakad lax', description: 'Dillsås och kokt potatis', kr: 139, tags: ['glutenfri'] },
  { name: 'Fiskgratäng', description: 'Räkor, dill och potatismos', kr: 129, tags: ['glutenfri'] },
];
const veg: DemoDish[] = [
  { name: 'Halloumigryta', description: 'Tomat, kikärter och bulgur', kr: 115, tags: ['vegetarisk'] },
  { name: 'Linsgryta med kokos', description: 'Koriander och ris', kr: 115, tags: ['vegansk', 'glutenfri', 'laktosfri'] },
  { name: 'Pasta med svamp och timjan', description: 'Parmesan', kr: 119, tags: ['vegetarisk'] },
  { name: 'Falafel med hummus', description: 'Picklad rödlök, bulgursallad', kr: 115, tags: ['vegansk', 'laktosfri'] },
  { name: 'Pumpasoppa', description: 'Rostade pumpakärnor och surdegsbröd', kr: 105, tags: ['vegansk', 'notter'] },
];
const weekly: DemoDish[] = [
  { name: 'Caesarsallad', description: 'Kyckling, bacon, krutonger', kr: 135, tags: [] },
  { name: 'Veckans vegetariska: rödbetsbiff', description: 'Fetaost och citronyoghurt', kr: 119, tags: ['vegetarisk', 'glutenfri'] },
  { name: 'Toast Skagen', description: 'Räkor, majonnäs, löjrom', kr: 145, tags: [] },
];

/** Two or three dishes a weekday (one always vegetarian) and one dish for the whole week, different per place. */
export function demoLunchWeek(index: number): { days: Array<{ day: number; dishes: Array<Omit<DemoDish, 'kr'> & { priceOre: number }> }>; weekly: Array<Omit<DemoDish, 'kr'> & { priceOre: number }>; opens: string; closes: string } {
  const price = (d: DemoDish) => ({ name: d.name, description: d.description, tags: d.tags, priceOre: (d.kr + (index % 3) * 5) * 100 });
  const days = [1, 2, 3, 4, 5].map((day) => {
    const n = index * 5 + day;
    const dishes = [price(meat[n % meat.length]!), price(veg[(n + index) % veg.length]!)];
    if (day % 2 === index % 2) dishes.splice(1, 0, price(fish[n % fish.length]!));
    return { day, dishes };
  });
  return { days, weekly: [price(weekly[index % weekly.length]!)], opens: index % 4 === 0 ? '11:30' : '11:00', closes: index % 3 === 0 ? '14:30' : '14:00' };
}

export interface DemoEvent {
  title: string;
  description: string;
  category: 'musik' | 'marknad' | 'barn' | 'mat' | 'kultur' | 'sport' | 'handel' | 'ovrigt';
  /** Days after the seed day (adjusted forward to `weekday` when given). */
  inDays: number;
  weekday?: number;
  startTime: string;
  endTime?: string;
  /** RRULE without DTSTART; weekly rules get BYDAY from the start date. */
  repeat?: 'weekly' | 'biweekly' | 'monthly';
  count?: number;
  /** A demo business slug where it happens (and which organises it when `byMember`). */
  place?: string;
  address?: string;
  priceKr?: number;
  byMember?: boolean;
  /** A member's event still waiting for the association's approval. */
  pending?: boolean;
  /** A picture drawn at seed time (`images.ts`) and what it shows. */
  image?: { name: 'marknad' | 'jazz' | 'park' | 'galleri' | 'skord' | 'allsang'; alt: string };
}

export const demoEvents: DemoEvent[] = [
  { title: 'Lördagsmarknad på Stora torget', description: 'Grönsaker, bröd, ost och hantverk från trakten. Varje lördag förmiddag.', category: 'marknad', inDays: 1, weekday: 6, startTime: '09:00', endTime: '14:00', repeat: 'weekly', count: 26, address: 'Stora torget', image: { name: 'marknad', alt: 'Tre marknadsstånd med randiga markiser och äpplen och päron på borden' } },
  { title: 'Pubquiz på Ölstugan', description: 'Lag om högst sex personer. Anmälan på plats.', category: 'kultur', inDays: 3, weekday: 3, startTime: '19:00', endTime: '21:30', repeat: 'biweekly', count: 12, place: 'olstugan', byMember: true },
  { title: 'Sagostund på biblioteket', description: 'Högläsning för barn 3–6 år.', category: 'barn', inDays: 2, weekday: 2, startTime: '10:00', endTime: '10:45', repeat: 'weekly', count: 20, address: 'Stadsbiblioteket, Kyrkogatan 4' },
  { title: 'Jazz på kajen', description: 'Trio med gästsolist. Bordsbokning hos Restaurang Ankaret.', category: 'musik', inDays: 9, weekday: 5, startTime: '20:00', endTime: '23:00', place: 'restaurang-ankaret', priceKr: 150, byMember: true, image: { name: 'jazz', alt: 'Kajen en kväll: månsken, lyktor på rad och ån' } },
  { title: 'Stadsvandring: Demoköping förr', description: 'Guidad vandring från torget till ån, ca 90 minuter.', category: 'kultur', inDays: 6, weekday: 7, startTime: '13:00', endTime: '14:30', repeat: 'monthly', count: 6, address: 'Samling vid Stadshotellet', priceKr: 60 },
  { title: 'Vinprovning: Italiens klassiker', description: 'Sex viner och tilltugg. Begränsat antal platser.', category: 'mat', inDays: 12, weekday: 4, startTime: '19:00', endTime: '21:00', place: 'vinbaren-druvan', priceKr: 395, byMember: true },
  { title: 'Kvällsöppet i city', description: 'Butikerna har öppet till kl. 21 med erbjudanden och musik på gatorna.', category: 'handel', inDays: 14, weekday: 4, startTime: '17:00', endTime: '21:00', repeat: 'monthly', count: 5, address: 'Storgatan och Stora torget' },
  { title: 'Barnbio: helgens familjefilm', description: 'Barntillåten film, popcorn ingår.', category: 'barn', inDays: 4, weekday: 7, startTime: '11:00', endTime: '12:45', repeat: 'weekly', count: 10, place: 'bio-saga', priceKr: 80, byMember: true },
  { title: 'Yoga i parken', description: 'Ta med egen matta. Ställs in vid regn.', category: 'sport', inDays: 40, weekday: 6, startTime: '09:00', endTime: '10:00', repeat: 'weekly', count: 12, address: 'Stadsparken', byMember: false, image: { name: 'park', alt: 'Yogamattor på gräset under ett träd i morgonsol' } },
  { title: 'Chokladprovning', description: 'Fem praliner och berättelsen bakom dem.', category: 'mat', inDays: 17, weekday: 6, startTime: '14:00', endTime: '15:00', place: 'demokopings-chokladeri', priceKr: 195, byMember: true },
  { title: 'Vernissage: Ljus över ån', description: 'Fotografier av Demoköpings kajer. Utställningen pågår i fyra veckor.', category: 'kultur', inDays: 20, weekday: 5, startTime: '17:00', endTime: '19:00', place: 'galleri-kyrkbacken', byMember: true, image: { name: 'galleri', alt: 'Tre inramade landskapsbilder på en gallerivägg' } },
  { title: 'Loppis på torget', description: 'Privatpersoner säljer. Anmäl bord till föreningen.', category: 'marknad', inDays: 30, weekday: 7, startTime: '10:00', endTime: '15:00', address: 'Stora torget' },
  { title: 'Allsång vid ån', description: 'Sånghäften delas ut. Fri entré.', category: 'musik', inDays: 60, weekday: 3, startTime: '19:00', endTime: '20:30', repeat: 'weekly', count: 8, address: 'Ågatan, kajen', image: { name: 'allsang', alt: 'Kvällssol över ån med vass i förgrunden' } },
  { title: 'Skördemarknad', description: 'Äpplen, must, pumpor och honung från gårdarna runt stan.', category: 'marknad', inDays: 75, weekday: 6, startTime: '10:00', endTime: '16:00', address: 'Stora torget', image: { name: 'skord', alt: 'Pumpor och fruktlådor på torget' } },
  { title: 'Cykelservice på torget', description: 'Gratis luft och enklare justeringar.', category: 'sport', inDays: 8, weekday: 6, startTime: '10:00', endTime: '13:00', place: 'cykelverkstan', byMember: true },
  { title: 'Stickcafé', description: 'Ta med ditt pågående projekt. Kaffe ingår.', category: 'kultur', inDays: 5, weekday: 1, startTime: '18:00', endTime: '20:00', repeat: 'weekly', count: 15, place: 'garnladan', priceKr: 40, byMember: true },
  { title: 'Julbord på Gästgivaregården', description: 'Klassiskt julbord. Förboka.', category: 'mat', inDays: 22, weekday: 5, startTime: '18:00', endTime: '22:00', place: 'gastgivaregarden', priceKr: 595, byMember: true, pending: true },
  { title: 'Dansuppvisning', description: 'Elever från Dansstudion Takt visar vad de lärt sig.', category: 'kultur', inDays: 25, weekday: 6, startTime: '15:00', endTime: '16:00', place: 'dansstudion-takt', byMember: true, pending: true },
];

export interface DemoOffer {
  slug: string;
  kind: 'offer' | 'service';
  service?: 'home_delivery' | 'take_away' | 'booking' | 'click_collect';
  title: string;
  description: string;
  /** Valid from the seed day for this many days; none for services. */
  days?: number;
}

export const demoOffers: DemoOffer[] = [
  { slug: 'modehuset-vera', kind: 'offer', title: '20 % på alla vinterjackor', description: 'Gäller ordinarie priser.', days: 21 },
  { slug: 'sjobergs-skor', kind: 'offer', title: 'Skovård på köpet', description: 'Impregnering och putsmedel när du köper kängor.', days: 30 },
  { slug: 'torgets-bokhandel', kind: 'offer', title: 'Tre pocket för två', description: 'Blanda fritt bland pocketböckerna.', days: 45 },
  { slug: 'kaffebaren', kind: 'offer', title: 'Fika för två: 89 kr', description: 'Två kaffe och två kanelbullar, vardagar kl. 14–16.', days: 30 },
  { slug: 'konditori-stjarnan', kind: 'service', service: 'click_collect', title: 'Beställ tårtan på nätet', description: 'Hämta i butiken när det passar dig.' },
  { slug: 'pizzeria-venezia', kind: 'service', service: 'home_delivery', title: 'Pizza hem till dörren', description: 'Inom stadskärnan, kl. 16–21.' },
  { slug: 'orkide-thai', kind: 'service', service: 'take_away', title: 'Lunch att ta med', description: 'Alla lunchrätter finns som take-away, 10 kr billigare.' },
  { slug: 'frisorsalongen-lockigt', kind: 'service', service: 'booking', title: 'Boka tid på nätet', description: 'Lediga tider samma dag.' },
  { slug: 'optikhuset', kind: 'offer', title: 'Synundersökning 0 kr', description: 'När du köper glasögon.', days: 60 },
  { slug: 'sportkompaniet', kind: 'offer', title: 'Skidservice 299 kr', description: 'Slipning och vallning, klart på två dagar.', days: 40 },
  { slug: 'ostboden', kind: 'service', service: 'home_delivery', title: 'Ostbricka levererad', description: 'Beställ senast dagen innan.' },
  { slug: 'lindas-blommor', kind: 'service', service: 'home_delivery', title: 'Blommor hem samma dag', description: 'Beställ före kl. 12.' },
  { slug: 'hemma-inredning', kind: 'offer', title: 'Julrea: 30 % på textilier', description: 'Dukar, kuddar och plädar.', days: 14 },
  { slug: 'trattoria-piazza', kind: 'service', service: 'booking', title: 'Boka bord', description: 'Ring eller boka på nätet.' },
];
