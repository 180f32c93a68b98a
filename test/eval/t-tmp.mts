import { findDateMentions } from '#domain/reply/find-dates.ts';
const ref = { receivedAt: new Date('2026-12-01T15:07:00Z'), timeZone: 'America/New_York' };
for (const t of ['Yes, I can do that. Wednesday the 9th at 11am works on my end.', 'Does 9.30 on Monday 14th suit?', 'Count me in. Thursday the 10th at 4pm Eastern.', 'Thursday afternoon is fine. 3pm?', "Monday the 7th, 1pm?", 'Tuesday suits me best - let\'s do 2:30.', 'could we start at 3:30 instead of 3?'])
  console.log(t, JSON.stringify(findDateMentions(t, ref).map(m => [m.text, m.date, m.instant])));
