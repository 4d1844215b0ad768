/**
 * Pictures for a few of Demoköping's events, drawn at seed time from simple shapes and
 * colours (no downloaded files, nothing anyone has rights to). Rendered to a JPEG here,
 * then uploaded through the media store like any photo from a phone.
 */
import sharp from 'sharp';

const W = 1600;
const H = 1000;

/** The drawings, by name. Each is SVG made by us, so rendering it here is safe. */
const drawings: Record<string, string> = {
  // Market stalls: striped awnings over a table of apples and pears.
  marknad: `<rect width="${W}" height="${H}" fill="#cfe8f5"/><rect y="640" width="${W}" height="360" fill="#b9a58a"/>
    ${[0, 1, 2].map((i) => `<g transform="translate(${120 + i * 480} 220)">${[0, 1, 2, 3, 4, 5].map((s) => `<rect x="${s * 66}" width="66" height="140" fill="${s % 2 ? '#ffffff' : ['#c0392b', '#1f6f50', '#2c5aa0'][i]}"/>`).join('')}<rect y="140" width="396" height="300" fill="#8b5a2b"/><rect x="-10" y="360" width="416" height="40" fill="#6d4520"/>
    ${[0, 1, 2, 3, 4, 5, 6].map((a) => `<circle cx="${30 + a * 56}" cy="340" r="26" fill="${a % 3 === 0 ? '#e0b22e' : '#c8322b'}"/>`).join('')}</g>`).join('')}`,
  // Jazz on the quay: a night sky, a moon, lanterns and the river.
  jazz: `<rect width="${W}" height="${H}" fill="#14213d"/><circle cx="1280" cy="200" r="110" fill="#f6e7b0"/>
    <rect y="650" width="${W}" height="350" fill="#0e2a47"/>${[0, 1, 2, 3, 4].map((i) => `<path d="M0 ${700 + i * 60} Q 400 ${670 + i * 60} 800 ${700 + i * 60} T ${W} ${700 + i * 60}" stroke="#3a6ea5" stroke-width="6" fill="none"/>`).join('')}
    <line x1="0" y1="330" x2="${W}" y2="300" stroke="#555" stroke-width="4"/>${[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `<circle cx="${100 + i * 200}" cy="${345 - i * 4}" r="28" fill="#fca311"/>`).join('')}
    <rect x="300" y="560" width="1000" height="90" fill="#2b2d42"/>`,
  // Yoga in the park: grass, a tree and the morning sun.
  park: `<rect width="${W}" height="${H}" fill="#dff3ff"/><circle cx="300" cy="220" r="130" fill="#ffd23f"/>
    <rect y="620" width="${W}" height="380" fill="#5fa052"/><rect x="1150" y="380" width="60" height="260" fill="#6b4226"/><circle cx="1180" cy="330" r="190" fill="#2f7d32"/>
    ${[0, 1, 2, 3].map((i) => `<rect x="${200 + i * 230}" y="760" width="190" height="60" rx="12" fill="${['#e76f51', '#2a9d8f', '#8e7dbe', '#f4a261'][i]}"/>`).join('')}`,
  // A vernissage: framed pictures on a gallery wall.
  galleri: `<rect width="${W}" height="${H}" fill="#f2efe9"/><rect y="820" width="${W}" height="180" fill="#9c8b7a"/>
    ${[0, 1, 2].map((i) => `<g transform="translate(${150 + i * 470} 220)"><rect width="360" height="440" fill="#3d3d3d"/><rect x="24" y="24" width="312" height="392" fill="${['#87bfff', '#ffd6a5', '#b8e0d2'][i]}"/><path d="M24 ${300 + i * 20} L 140 ${200 - i * 10} L 240 ${320 - i * 15} L 336 ${240 + i * 5} L 336 416 L 24 416 Z" fill="${['#2a6f97', '#e07a5f', '#3d8361'][i]}"/></g>`).join('')}`,
  // The harvest market: pumpkins and crates.
  skord: `<rect width="${W}" height="${H}" fill="#fbe8c8"/><rect y="600" width="${W}" height="400" fill="#a47148"/>
    ${[0, 1, 2, 3, 4].map((i) => `<ellipse cx="${220 + i * 290}" cy="${640 - (i % 2) * 30}" rx="${120 - (i % 3) * 15}" ry="95" fill="#e8772e"/><rect x="${212 + i * 290}" y="${530 - (i % 2) * 30}" width="16" height="40" fill="#4f772d"/>`).join('')}
    ${[0, 1, 2].map((i) => `<rect x="${250 + i * 420}" y="760" width="320" height="170" fill="#c9a66b" stroke="#7f5539" stroke-width="10"/>`).join('')}`,
  // Sing-along by the river: water, reeds and a low evening sun.
  allsang: `<rect width="${W}" height="${H}" fill="#ffcf99"/><circle cx="800" cy="560" r="200" fill="#ff8c42"/>
    <rect y="560" width="${W}" height="440" fill="#2d6a8f"/>${[0, 1, 2, 3].map((i) => `<path d="M0 ${620 + i * 80} Q 400 ${590 + i * 80} 800 ${620 + i * 80} T ${W} ${620 + i * 80}" stroke="#8ecae6" stroke-width="8" fill="none"/>`).join('')}
    ${[0, 1, 2, 3, 4, 5, 6].map((i) => `<rect x="${60 + i * 30}" y="${420 + (i % 3) * 20}" width="10" height="${200 - (i % 3) * 20}" fill="#3a5a40"/>`).join('')}`,
};

export type DemoImageName = keyof typeof drawings;

/** One drawing as a JPEG, the way a camera would hand it over. */
export async function demoImage(name: DemoImageName): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${drawings[name]}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}
