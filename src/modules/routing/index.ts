/** The routing module's public face: vehicle routing with time windows. */
export type { Depot, Location, Matrices, Objective, Problem, Stop, TimeWindow, Vehicle } from './model.js';
export { compile, locationsOf } from './model.js';
export { straightLineMatrices, type StraightLineOptions } from './matrix.js';
export { matricesFor, osrmMatrices, type MatrixOptions } from './providers.js';
export { solve, solveInThread, unassignedReasonText, type PlannedRoute, type RoutingSolution, type ScheduledStop, type SolveOptions, type UnassignedReason } from './solve.js';
export { SearchPool, sharedPool, MAX_THREADS } from './parallel.js';
export { parseSolomon, SolomonFormatError, type SolomonInstance } from './solomon.js';
export { parseRoutingInput, routingInputJsonSchema, RoutingInput } from './input.js';
export { checkSolution, euclideanTravel, type Travel } from './check.js';
export { createRoutingService, type RoutingService } from './service.js';
export { routingProblems, type RoutingProblemCode } from './errors.js';
