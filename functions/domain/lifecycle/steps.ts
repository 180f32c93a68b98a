/** The kinds of step a contact's plan holds, read from the step's name. */

export type StepKind =
  | 'outreach'
  | 'follow-up'
  | 'no-response'
  | 'confirmation'
  | 'thank-you'
  | 'keep-in-touch'
  | 'client-meeting-tomorrow'
  | 'client-personal-line'
  | 'client-update'
  | 'client-thank-referrer';

/** The kind of a step and its number (follow-up-2 → ['follow-up', 2]). */
export function parseStep(step: string): [StepKind, number] | undefined {
  const numbered = /^(follow-up|keep-in-touch|client-update)-([1-9]\d{0,2})$/.exec(step);
  if (numbered) return [numbered[1] as StepKind, Number(numbered[2])];
  const plain: StepKind[] = [
    'outreach',
    'no-response',
    'confirmation',
    'thank-you',
    'client-meeting-tomorrow',
    'client-personal-line',
    'client-thank-referrer',
  ];
  return (plain as string[]).includes(step) ? [step as StepKind, 0] : undefined;
}
