/**
 * The routing service the rest of Torget calls (dispatch): a problem in, routes out,
 * travel from the configured matrix provider, the search in worker threads.
 */
import type { Problem } from './model.js';
import { matricesFor } from './providers.js';
import { solve, type RoutingSolution, type SolveOptions } from './solve.js';
import type { StraightLineOptions } from './matrix.js';

export interface RoutingService {
  solve(problem: Problem, options?: SolveOptions & { straightLine?: StraightLineOptions }): Promise<RoutingSolution>;
}

export function createRoutingService(deps: { osrmUrl: string | null; fetch?: typeof fetch }): RoutingService {
  return {
    async solve(problem, options = {}) {
      const { straightLine, ...solveOptions } = options;
      const matrices = await matricesFor(problem, { osrmUrl: deps.osrmUrl, ...(straightLine ? { straightLine } : {}), ...(deps.fetch ? { fetch: deps.fetch } : {}) });
      return solve(problem, matrices, solveOptions);
    },
  };
}
