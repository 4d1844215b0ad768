/**
 * The JSON input format (`torget route solve FILE --format json`), validated with zod.
 * `input.schema.json` is the same format as JSON Schema 2020-12, generated from this file
 * (`npm run torget -- route schema > src/modules/routing/input.schema.json`); a test
 * keeps the two equal.
 */
import { z } from 'zod';
import type { StraightLineOptions } from './matrix.js';
import type { Problem } from './model.js';

/** A time: a number in the problem's unit (seconds for geographic problems), or "HH:MM" (seconds since midnight). */
const Time = z
  .union([z.number().finite(), z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM')])
  .transform((v) => {
    if (typeof v === 'number') return v;
    const [h, mi] = v.split(':').map(Number);
    return h! * 3600 + mi! * 60;
  });

const Window = z
  .tuple([Time, Time])
  .refine(([a, b]) => a <= b, 'a window cannot end before it starts')
  .describe('[earliest, latest]');

const Location = z
  .union([
    z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
    z.strictObject({ x: z.number().finite(), y: z.number().finite() }),
  ])
  .describe('Geographic (lat, lon in WGS 84 degrees) or planar (x, y); all locations of a problem are of one kind.');

const Id = z.string().min(1).max(100);

export const RoutingInput = z
  .strictObject({
    $schema: z.string().optional(),
    depots: z
      .array(z.strictObject({ id: Id, location: Location, open: Window.optional().describe('When the depot is open') }))
      .min(1),
    vehicles: z
      .array(
        z.strictObject({
          id: Id,
          start: Id.optional().describe('Depot the vehicle leaves from (default: the first depot)'),
          end: Id.optional().describe('Depot the vehicle returns to (default: where it started)'),
          capacity: z.number().min(0),
          shift: Window.optional(),
          costPerKm: z.number().min(0).optional().describe('Cost per km (per distance unit for planar problems); default 1'),
          costPerHour: z.number().min(0).optional().describe('Cost per hour of driving; default 0'),
          fixedCost: z.number().min(0).optional().describe('Cost of using the vehicle at all; default 0'),
          skills: z.array(z.string().min(1)).optional(),
        }),
      )
      .min(1),
    stops: z.array(
      z.strictObject({
        id: Id,
        location: Location,
        demand: z.number().min(0).optional(),
        serviceTime: z.number().min(0).optional().describe('Time spent at the stop (seconds for geographic problems)'),
        timeWindows: z.array(Window).optional().describe('Windows for the start of service; none means any time'),
        skills: z.array(z.string().min(1)).optional().describe('Skills the vehicle must have'),
        vehicles: z.array(Id).optional().describe('Only these vehicles may serve the stop'),
        priority: z.number().min(0).optional().describe('Weight of leaving the stop out (penalty = priority × penaltyPerPriority); default 1'),
      }),
    ),
    penaltyPerPriority: z.number().min(0).optional().describe('Cost of leaving out a stop of priority 1; default 1000000 (served whenever possible)'),
    matrix: z
      .strictObject({
        roadFactor: z.number().positive().optional().describe('Road distance over straight-line distance; default 1.3 geographic, 1 planar'),
        speed: z.number().positive().optional().describe('Average speed: km/h for geographic (default 40), distance units per time unit for planar (default 1)'),
      })
      .optional(),
  })
  .superRefine((input, ctx) => {
    const unique = (ids: string[], what: string, path: string) => {
      const seen = new Set<string>();
      ids.forEach((id, i) => {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [path, i, 'id'], message: `${what} ${id} appears twice` });
        seen.add(id);
      });
    };
    unique(input.depots.map((d) => d.id), 'depot', 'depots');
    unique(input.vehicles.map((v) => v.id), 'vehicle', 'vehicles');
    unique(input.stops.map((s) => s.id), 'stop', 'stops');
    const depots = new Set(input.depots.map((d) => d.id));
    input.vehicles.forEach((v, i) => {
      for (const key of ['start', 'end'] as const) {
        const d = v[key];
        if (d !== undefined && !depots.has(d)) ctx.addIssue({ code: 'custom', path: ['vehicles', i, key], message: `no depot ${d}` });
      }
    });
    const vehicles = new Set(input.vehicles.map((v) => v.id));
    input.stops.forEach((s, i) => {
      for (const v of s.vehicles ?? []) if (!vehicles.has(v)) ctx.addIssue({ code: 'custom', path: ['stops', i, 'vehicles'], message: `no vehicle ${v}` });
    });
    const all = [...input.depots, ...input.stops].map((x) => x.location);
    if (all.some((l) => 'lat' in l) && all.some((l) => 'x' in l)) ctx.addIssue({ code: 'custom', path: ['stops'], message: 'all locations must be geographic (lat, lon) or all planar (x, y)' });
  });

export type RoutingInput = z.output<typeof RoutingInput>;

/** Parses and validates JSON input; throws the ZodError on bad input. */
export function parseRoutingInput(value: unknown): { problem: Problem; matrix: StraightLineOptions } {
  const input = RoutingInput.parse(value);
  const { matrix, $schema: _schema, ...problem } = input;
  return { problem, matrix: matrix ?? {} };
}

/** The JSON Schema (2020-12) of the input, as committed in input.schema.json. */
export function routingInputJsonSchema(): object {
  return {
    ...z.toJSONSchema(RoutingInput, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://torget.se/schemas/routing-input.json',
    title: 'Torget routing problem',
    description: 'Depots, vehicles and stops for `torget route solve FILE --format json`. Times are numbers in the problem unit (seconds for geographic problems) or "HH:MM".',
  };
}
