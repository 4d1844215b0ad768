/**
 * A business's statement for one settlement run: every redemption (and reversal) the
 * run took, each with its VAT base — the consideration paid for the card (by its buyer
 * and any sponsor), pro rata to the amount redeemed — then the run's fee, the fee's
 * VAT and the payout. The business accounts for the VAT of what it sold when the card
 * is used (a multi-purpose voucher); the statement gives it the figures.
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.js';
import { formatOre } from '../../platform/i18n/format.js';
import { fonts, renderPdf, type PdfDocument } from '../../platform/pdf/index.js';
import { zonedParts } from '../../platform/time/zoned.js';
import { redemptionDetails, redemptionSource } from '../giftcards/index.js';
import type { SettlementFeePart } from './schema.js';
import type { RunLine, Run } from './service.js';

export interface StatementItem {
  redemptionId: string;
  kind: 'redeemed' | 'reversed';
  /** Stockholm date of the redemption (or of its reversal). */
  date: string;
  receiptNumber: string;
  cardLast4: string;
  /** Positive for a redemption, negative for a reversal. */
  amountOre: number;
  /** The consideration paid for the card, pro rata to this amount (same sign). */
  vatBaseOre: number;
  /** The fee tier it was charged in (one of the line's fee parts). */
  tier: string;
}

export interface Statement {
  run: Run;
  business: { id: string; slug: string; name: string };
  line: RunLine;
  items: StatementItem[];
}

/** amount × paid ÷ face, half-up, symmetric: the consideration behind `amountOre` of card value. */
export function proRata(amountOre: number, paidOre: number, faceValueOre: number): number {
  if (faceValueOre <= 0) return 0;
  const scaled = BigInt(Math.abs(amountOre)) * BigInt(paidOre);
  const face = BigInt(faceValueOre);
  const rounded = Number((scaled * 2n + face) / (face * 2n));
  return amountOre < 0 ? -rounded : rounded;
}

/** "2,5 %" */
export const percentText = (bp: number) => `${(bp / 100).toLocaleString('sv-SE')} %`;

/** What a fee tier is called on statements, pages and in the CSV. */
export function tierLabel(part: Pick<SettlementFeePart, 'tier' | 'name'>): string {
  if (part.tier === 'member') return 'Medlem';
  if (part.tier === 'non-member') return 'Ej medlem';
  if (part.tier.startsWith('campaign:')) return `Kampanj ${part.name ?? part.tier.slice('campaign:'.length)}`;
  return 'Avgift';
}

/**
 * The run's redemptions and reversals at one business, each in its fee tier: the tier of
 * the card's campaign where the line has one (a campaign with its own fee), else the
 * business's own.
 */
export async function statementItems(ex: Executor, cityId: string, runId: string, businessId: string, line: Pick<RunLine, 'tier' | 'fees'>): Promise<StatementItem[]> {
  const campaignTiers = new Set(line.fees.map((f) => f.tier).filter((t) => t.startsWith('campaign:')));
  const taken = ((await ex.execute(sql`
    select i.redemption_id, i.kind from settlement_run_items i join ${redemptionSource} r on r.id = i.redemption_id
    where i.run_id = ${runId} and i.city_id = ${cityId} and r.business_id = ${businessId}`)) as unknown as { rows: Array<{ redemption_id: string; kind: 'redeemed' | 'reversed' }> }).rows;
  const details = new Map((await redemptionDetails(ex, cityId, [...new Set(taken.map((t) => t.redemption_id))])).map((d) => [d.id, d]));
  const items: StatementItem[] = [];
  for (const t of taken) {
    const d = details.get(t.redemption_id);
    if (!d) continue;
    const sign = t.kind === 'redeemed' ? 1 : -1;
    const at = t.kind === 'redeemed' ? d.createdAt : (d.reversedAt ?? d.createdAt);
    items.push({
      redemptionId: d.id,
      kind: t.kind,
      date: zonedParts(at).date,
      receiptNumber: d.receiptNumber,
      cardLast4: d.cardLast4,
      amountOre: sign * d.amountOre,
      vatBaseOre: proRata(sign * d.amountOre, d.cardPaidOre + d.cardSponsorOre, d.cardFaceValueOre),
      tier: d.campaignId && campaignTiers.has(`campaign:${d.campaignId}`) ? `campaign:${d.campaignId}` : line.tier,
    });
  }
  items.sort((a, b) => (a.date === b.date ? a.receiptNumber.localeCompare(b.receiptNumber) : a.date < b.date ? -1 : 1));
  return items;
}

export const periodText = (run: Pick<Run, 'from' | 'until'>) => (run.from ? `${run.from}–${run.until}` : `t.o.m. ${run.until}`);
const kr = (ore: number) => formatOre(ore, 'sv');

/** The statement as an A4 PDF. */
export function renderStatementPdf(statement: Statement, association: { name: string; orgNumber: string | null }, createdAt: Date): Promise<Buffer> {
  const { run, line, items, business } = statement;
  return renderPdf(
    (doc: PdfDocument) => {
      doc.font(fonts.bold).fontSize(16).text(association.name);
      doc.font(fonts.regular).fontSize(9).fillColor('#555555').text(association.orgNumber ? `Org.nr ${association.orgNumber}` : '');
      doc.fillColor('black').moveDown();
      doc.font(fonts.bold).fontSize(18).text(`Avräkning ${run.number}: ${business.name}`);
      doc.font(fonts.regular).fontSize(10).text(`Period ${periodText(run)}. ${run.status === 'approved' ? `Godkänd ${run.approvedAt ? zonedParts(run.approvedAt).date : ''}.` : 'Utkast, inte godkänd.'}`);
      doc.moveDown();
      const cols = [50, 130, 230, 330, 440];
      // `wide`: the first cell also takes the second column's room (a tier's name is long).
      const row = (cells: string[], bold = false, wide = false) => {
        const y = doc.y;
        doc.font(bold ? fonts.bold : fonts.regular).fontSize(9);
        cells.forEach((cell, i) => {
          if (wide && i === 1) return;
          doc.text(cell, cols[i]!, y, { width: wide && i === 0 ? 175 : i >= 3 ? 100 : 95, align: i >= 3 ? 'right' : 'left' });
        });
        doc.moveDown(0.3);
        doc.x = 50;
      };
      // Several tiers: each redemption says which (a campaign's cards may carry their own fee).
      const labels = new Map(line.fees.map((f) => [f.tier, tierLabel(f)]));
      const tierNote = (it: StatementItem) => (line.fees.length > 1 ? ` · ${labels.get(it.tier) ?? ''}` : '');
      row(['Datum', 'Kvitto', 'Kort', 'Belopp', 'Momsunderlag'], true);
      for (const it of items) row([it.date, it.receiptNumber, `…${it.cardLast4}${it.kind === 'reversed' ? ' (ångrad)' : ''}${tierNote(it)}`, kr(it.amountOre), kr(it.vatBaseOre)]);
      doc.moveDown();
      if (line.fees.length) {
        row(['Avgift per nivå', '', 'Underlag', 'Avgift', 'Moms'], true, true);
        for (const f of line.fees) row([`${tierLabel(f)} ${percentText(f.feeBp)}`, '', kr(f.baseOre), kr(f.feeOre), kr(f.feeVatOre)], false, true);
        doc.moveDown();
      }
      const sum = (label: string, ore: number) => row(['', '', label, kr(ore), ''], label === 'Utbetalning');
      sum('Inlöst', line.redeemedOre);
      if (line.reversedOre) sum('Ångrat', -line.reversedOre);
      if (line.carriedInOre) sum('Från förra avräkningen', line.carriedInOre);
      sum(line.fees.length === 1 ? `Avgift ${percentText(line.fees[0]!.feeBp)}` : 'Avgift', -line.feeOre);
      sum('Moms på avgiften 25 %', -line.feeVatOre);
      if (line.carriedOutOre) sum('Till nästa avräkning', line.carriedOutOre);
      sum('Utbetalning', line.payoutOre);
      doc.moveDown();
      doc.font(fonts.regular).fontSize(8).fillColor('#555555').text('Momsunderlaget är det som betalades för kortet (av köparen och en eventuell sponsor), i proportion till det inlösta beloppet. Presentkortet är en flerfunktionsvoucher: företaget redovisar momsen på det det sålde när kortet används.', 50, doc.y, { width: 495 });
    },
    { size: 'A4', title: `Avräkning ${run.number} – ${business.name}`, author: association.name, createdAt },
  );
}

/** The e-mail each business gets when a run is approved. */
export function statementMail(run: Run, line: RunLine, url: string): { subject: string; text: string } {
  return {
    subject: `Avräkning ${run.number}: ${kr(line.payoutOre)} till ${line.businessName}`,
    text: [
      'Hej!',
      '',
      `Avräkningen av presentkort för ${periodText(run)} är godkänd.`,
      '',
      `Inlöst: ${kr(line.redeemedOre)}`,
      ...(line.reversedOre ? [`Ångrat: ${kr(-line.reversedOre)}`] : []),
      ...(line.carriedInOre ? [`Från förra avräkningen: ${kr(line.carriedInOre)}`] : []),
      `Avgift: ${kr(-line.feeOre)}`,
      ...(line.fees.length > 1 ? line.fees.map((f) => `  ${tierLabel(f)} ${percentText(f.feeBp)} av ${kr(f.baseOre)}: ${kr(-f.feeOre)}, moms ${kr(-f.feeVatOre)}`) : []),
      `Moms på avgiften: ${kr(-line.feeVatOre)}`,
      ...(line.carriedOutOre ? [`Till nästa avräkning: ${kr(line.carriedOutOre)}`] : []),
      `Utbetalning: ${kr(line.payoutOre)}`,
      '',
      `Varje inlösen med momsunderlag: ${url}`,
    ].join('\n'),
  };
}
