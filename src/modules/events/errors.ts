import type { ProblemCatalogue } from '../../platform/errors.js';

export const eventProblems = {
  'events.not_found': { status: 404, title: 'Evenemanget finns inte', titleEn: 'Event not found', description: 'No event in this city has this id, or it is not published yet.' },
  'events.not_pending': { status: 409, title: 'Evenemanget väntar inte på granskning', titleEn: 'Event not pending', description: 'Only events waiting for approval can be approved or rejected.' },
  'events.no_pending_change': { status: 409, title: 'Ingen ändring väntar på granskning', titleEn: 'No change pending', description: "Only a member's change to a published event that waits for approval can be approved or rejected; it may already have been reviewed, or withdrawn by the member." },
} as const satisfies ProblemCatalogue;
