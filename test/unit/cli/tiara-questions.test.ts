/** `--question part:text` for a TIARA campaign's meeting; the seed domains as before. */
import { describe, expect, it } from 'vitest';
import { validateQuestionSet } from '#domain/questions.ts';
import { meetingFields } from '../../../cli/commands/meetings.ts';

describe('meeting --question with TIARA parts', () => {
  it('names the parts; `advice` in a set with other TIARA parts is TIARA Advice', async () => {
    const fields = await meetingFields({
      question: [
        'trends: Where is the field going?',
        'insights:What surprised you most?',
        'advice:What would you do first?',
        'resources:What should I read?',
        'assignments:What could I try this month?',
      ],
    });
    expect(fields.questions).toEqual([
      { tiara: 'trends', text: 'Where is the field going?' },
      { tiara: 'insights', text: 'What surprised you most?' },
      { domain: 'advice', tiara: 'advice', text: 'What would you do first?' },
      { tiara: 'resources', text: 'What should I read?' },
      { tiara: 'assignments', text: 'What could I try this month?' },
    ]);
    // What the API checks it against under TIARA: a valid set.
    expect(() => validateQuestionSet(fields.questions, 'questions', 'tiara')).not.toThrow();
  });

  it('a seed set is unchanged: domains only', async () => {
    const fields = await meetingFields({ question: ['advice:What would you do first?', 'field:Growth?'] });
    expect(fields.questions).toEqual([
      { domain: 'advice', text: 'What would you do first?' },
      { domain: 'field', text: 'Growth?' },
    ]);
  });
});
