/** `torget route …`: vehicle routing with time windows from a file (Solomon or JSON). */
import { InvalidArgumentError, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import { matricesFor, parseRoutingInput, parseSolomon, routingInputJsonSchema, sharedPool, solve, unassignedReasonText, type Objective, type Problem, type StraightLineOptions } from '../../modules/routing/index.js';
import { loadConfig } from '../../platform/config.js';
import { CliError, printJson, printTable, say } from '../output.js';

function positiveInt(what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} ska vara ett positivt heltal.`);
    return n;
  };
}

function seedValue(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31) throw new InvalidArgumentError('--seed ska vara ett heltal 0–2147483648.');
  return n;
}

interface SolveFlags {
  format?: 'solomon' | 'json';
  objective: Objective;
  timeLimitMs?: number;
  maxIterations?: number;
  seed: number;
  threads: number;
  json?: boolean;
}

/** Reads the file: Solomon ids become numbers in the output, JSON ids stay strings. */
function readProblem(file: string, format: 'solomon' | 'json' | undefined): { problem: Problem; straightLine: StraightLineOptions; numericIds: boolean } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`kan inte läsa ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const kind = format ?? (/\.json$/i.test(file) ? 'json' : 'solomon');
  if (kind === 'solomon') {
    try {
      return { problem: parseSolomon(text).problem, straightLine: {}, numericIds: true };
    } catch (err) {
      throw new CliError(`${file}: ${(err as Error).message}`);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${file} är inte giltig JSON: ${(err as Error).message}`);
  }
  const { problem, matrix } = parseRoutingInput(value);
  return { problem, straightLine: matrix, numericIds: false };
}

export function registerRoute(route: Command): void {
  route.description('ruttplanering: fordon, kapacitet och tidsfönster');

  route
    .command('solve')
    .description('planera rutter för en fil: Solomon-format (benchmark) eller JSON (se `torget route schema`)')
    .argument('<file>', 'problemfilen')
    .option('--format <format>', 'solomon eller json (standard: efter filändelsen)', (v) => {
      if (v !== 'solomon' && v !== 'json') throw new InvalidArgumentError('välj solomon eller json.');
      return v;
    })
    .option('--objective <objective>', 'distance: kortast körsträcka med alla stopp; vehicles: först färrest fordon, sedan sträcka', (v) => {
      if (v !== 'distance' && v !== 'vehicles') throw new InvalidArgumentError('välj distance eller vehicles.');
      return v;
    }, 'distance')
    .option('--time-limit-ms <n>', 'sök så här länge (standard 1000 utan --max-iterations)', positiveInt('--time-limit-ms'))
    .option('--max-iterations <k>', 'sök så här många varv per tråd (samma svar varje gång utan tidsgräns)', positiveInt('--max-iterations'))
    .option('--seed <s>', 'slumpfrö', seedValue, 1)
    .option('--threads <t>', 'parallella sökningar, 1–2', (v) => {
      const n = Number(v);
      if (n !== 1 && n !== 2) throw new InvalidArgumentError('--threads ska vara 1 eller 2.');
      return n;
    }, 2)
    .option('--json', 'skriv svaret som JSON på stdout')
    .addHelpText('after', '\nExempel:\n  torget route solve ../shared/data/solomon/R101.txt --objective vehicles --json\n  torget route solve leveranser.json --time-limit-ms 200')
    .action(async (file: string, opts: SolveFlags) => {
      // Loading the search workers takes longer than reading the file: start them first.
      void sharedPool().warm(opts.threads);
      const { problem, straightLine, numericIds } = readProblem(file, opts.format);
      const matrices = await matricesFor(problem, { osrmUrl: loadConfig().routing.osrmUrl, straightLine });
      const solution = await solve(problem, matrices, {
        objective: opts.objective,
        seed: opts.seed,
        threads: opts.threads,
        ...(opts.timeLimitMs !== undefined ? { timeLimitMs: opts.timeLimitMs } : {}),
        ...(opts.maxIterations !== undefined ? { maxIterations: opts.maxIterations } : {}),
      });
      const id = (s: string): string | number => (numericIds ? Number(s) : s);
      if (opts.json) {
        printJson({
          vehicles: solution.vehicles,
          distance: solution.distance,
          routes: solution.routes.map((r) => r.stops.map((s) => id(s.id))),
          unassigned: solution.unassigned.map((u) => ({ id: id(u.id), reason: u.reason })),
          iterations: solution.iterations,
          cost: solution.cost,
          vehicleIds: solution.routes.map((r) => r.vehicle),
          threads: solution.threads,
          elapsedMs: solution.elapsedMs,
          stoppedBy: solution.stoppedBy,
        });
        return;
      }
      printTable(
        ['fordon', 'stopp', 'sträcka', 'last', 'ordning'],
        solution.routes.map((r) => [r.vehicle, String(r.stops.length), r.distance.toFixed(2), String(r.load), r.stops.map((s) => s.id).join(' ')]),
      );
      for (const u of solution.unassigned) say(`Ej planerat: ${u.id}: ${unassignedReasonText[u.reason]}.`);
      const limit = solution.stoppedBy === 'time' ? ' (tidsgränsen nåddes; svaret kan variera med datorns hastighet)' : '';
      say(`${solution.vehicles} fordon, sträcka ${solution.distance.toFixed(2)}, ${solution.iterations} varv på ${solution.elapsedMs} ms${limit}.`);
    });

  route
    .command('schema')
    .description('skriv JSON Schema för indatafilen (JSON Schema 2020-12)')
    .action(() => {
      printJson(routingInputJsonSchema());
    });
}
