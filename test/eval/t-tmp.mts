import * as chrono from 'chrono-node';
const r = chrono.parse("Hey Jordan, I've got a conflict Thursday now. Can we bump to next week?", { instant: new Date('2026-12-01T15:07:00Z'), timezone: -300 }, { forwardDate: true });
console.log(r.map(x => [x.text, [...x.tags()], x.start.isCertain('hour')]));
