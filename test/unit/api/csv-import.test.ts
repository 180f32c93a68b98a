/** Import files (issue 9, item 3): CSV edge cases, and the files refused whole. */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.ts';
import { decodeUtf8, parseDefaultSource, parseImportRow, readImportFile } from '#domain/import-file.ts';
import { MAX_IMPORT_ROWS } from '#domain/job.ts';

const HEADER = 'email,first_name,last_name,company,role,time_zone,country,source,referred_by,notes';
const DEFAULTS = { timeZone: 'Europe/London' };

const csv = (text: string) => readImportFile(text, 'text/csv', 'body');
const row = (text: string, index = 0) => parseImportRow(csv(text), index, DEFAULTS);

function refusal(run: () => unknown): { field: string; message: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues[0] as { field: string; message: string };
  }
  throw new Error('not refused');
}

describe('CSV rows', () => {
  it('reads every known column, case-insensitively, with or without a BOM', () => {
    const text = `${HEADER.toUpperCase()}\nana@lumen.example,Ana,Silva,Lumen,Researcher,America/New_York,BR,event: UX Week,,call in May`;
    for (const file of [text, `\uFEFF${text}`]) {
      expect(row(file)).toEqual({
        contact: {
          email: 'ana@lumen.example',
          firstName: 'Ana',
          lastName: 'Silva',
          company: 'Lumen',
          role: 'Researcher',
          timeZone: 'America/New_York',
          country: 'BR',
          notes: 'call in May',
          foundVia: { kind: 'event', name: 'UX Week' },
        },
      });
    }
  });

  it('reads the columns as spreadsheets and address books name them: spaces, hyphens, camel case, aliases', () => {
    const text =
      'Email Address,First Name,lastName,Organization,Job Title,Time-Zone,Country,Source,Referred By\n' +
      'ana@lumen.example,Ana,Silva,Lumen,Researcher,America/New_York,BR,event: UX Week,';
    expect(row(text)).toEqual({
      contact: {
        email: 'ana@lumen.example',
        firstName: 'Ana',
        lastName: 'Silva',
        company: 'Lumen',
        role: 'Researcher',
        timeZone: 'America/New_York',
        country: 'BR',
        foundVia: { kind: 'event', name: 'UX Week' },
      },
    });
  });

  it('a column named twice is read from the first; the other is kept in the notes under its own name', () => {
    const text =
      'Email,E-mail Address,first_name,source\nana@lumen.example,ana.silva@home.example,Ana,the UXPA';
    expect(row(text)).toMatchObject({
      contact: { email: 'ana@lumen.example', notes: 'e-mail address: ana.silva@home.example' },
    });
  });

  it("an import's default source fills the rows that give neither source nor referred_by, CSV and JSON alike", () => {
    const file = csv(
      'email,first_name,source,referred_by\na@x.example,Ana,,\nb@x.example,Bo,alumni: RISD,\nc@x.example,Cy,,Priya',
    );
    const withDefault = { ...DEFAULTS, source: 'event: UX Week 2026' };
    expect([0, 1, 2].map((i) => parseImportRow(file, i, withDefault))).toMatchObject([
      { contact: { foundVia: { kind: 'event', name: 'UX Week 2026' } } },
      { contact: { foundVia: { kind: 'alumni', name: 'RISD' } } },
      { contact: { foundVia: { kind: 'referral', name: 'Priya' } } },
    ]);
    expect(parseImportRow(file, 0, { ...DEFAULTS, source: 'a newsletter' })).toMatchObject({
      contact: { foundVia: { kind: 'other', name: 'a newsletter' } },
    });
    const json = readImportFile(
      JSON.stringify([{ email: 'd@x.example', firstName: 'Di' }]),
      'application/json',
      'contacts',
    );
    expect(parseImportRow(json, 0, withDefault)).toMatchObject({
      contact: { foundVia: { kind: 'event', name: 'UX Week 2026' } },
    });
  });

  it('a default source is one line of 1 to 200 characters that names who or what, or is refused naming the field', () => {
    expect(parseDefaultSource(undefined, 'source')).toBeUndefined();
    expect(parseDefaultSource('  event: UX Week 2026 ', 'source')).toBe('event: UX Week 2026');
    for (const [bad, message] of [
      ['', 'must be one line'],
      ['   ', 'must be one line'],
      ['event: UX\nWeek', 'must be one line'],
      ['x'.repeat(201), 'must be one line of 1 to 200 characters'],
      ['alumni:', 'names the kind (alumni) but not who or what'],
      ['event', 'names the kind (event) but not who or what'],
    ] as const) {
      expect(refusal(() => parseDefaultSource(bad, 'source'))).toEqual({
        field: 'source',
        message: expect.stringContaining(message),
      });
    }
  });

  it("reads LinkedIn's connections export as it is downloaded: notes above the header row are skipped", () => {
    const text = [
      'Notes:',
      '"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download it."',
      '',
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
      'Lena,Ortiz,https://www.linkedin.com/in/lena,lena.ortiz@fernleaf.example,Fernleaf Health,UX Researcher,12 Nov 2026',
      'Tom,Becker,https://www.linkedin.com/in/tom,,Kumo Apps,Design Lead,03 Oct 2026',
    ].join('\r\n');
    const file = csv(`\uFEFF${text}`);
    expect(file.rows).toHaveLength(2);
    expect(parseImportRow(file, 0, { ...DEFAULTS, source: 'other: LinkedIn' })).toEqual({
      contact: {
        email: 'lena.ortiz@fernleaf.example',
        firstName: 'Lena',
        lastName: 'Ortiz',
        company: 'Fernleaf Health',
        role: 'UX Researcher',
        timeZone: 'Europe/London',
        notes: 'url: https://www.linkedin.com/in/lena\nconnected on: 12 Nov 2026',
        foundVia: { kind: 'other', name: 'LinkedIn' },
      },
    });
    // A connection who does not share an address is that row's problem.
    expect(parseImportRow(file, 1, { ...DEFAULTS, source: 'other: LinkedIn' })).toEqual({
      field: 'email',
      message: 'is required',
    });
    // No row near the top names an email column: refused whole, as before.
    expect(refusal(() => csv('Notes:\nsomething\n\nName,Company\nAna,Lumen'))).toEqual({
      field: 'body',
      message: expect.stringContaining('has no email column'),
    });
  });

  it('found in review: a data row is never taken for the header; a repeated known column never overwrites the first; Title is no role', () => {
    // A first row that is not notes (it has columns) is the header, email column or not: refused.
    expect(
      refusal(() => csv('Name,Contact,Preferred\nAnn,ann@x.example,Email\nBob,bob@x.example,Phone')),
    ).toMatchObject({
      field: 'body',
      message: expect.stringContaining('has no email column'),
    });
    // A header cell running over two lines is not taken for notes: the file is read from its first row.
    expect(csv('"Notes\nabout",Email\nx,ana@x.example').rows).toMatchObject([{ email: 'ana@x.example' }]);
    for (const [header, cells, expected] of [
      [
        'Email Address,email,first_name,source',
        'a@x.example,b@x.example,Ann,uxpa',
        { email: 'a@x.example', notes: 'email (column 2): b@x.example' },
      ],
      [
        'Position,Role,email,first_name,source',
        'Lead,Dr,a@x.example,Ann,uxpa',
        { role: 'Lead', notes: 'role (column 2): Dr' },
      ],
      [
        'First Name,first_name,email,source',
        'Ann,Bob,a@x.example,uxpa',
        { firstName: 'Ann', notes: 'first_name (column 2): Bob' },
      ],
      // Outlook: Title is the salutation, Job Title the role.
      [
        'Title,First Name,Job Title,E-mail Address,source',
        'Dr.,Ann,Designer,a@x.example,uxpa',
        { role: 'Designer', notes: 'title: Dr.' },
      ],
    ] as const) {
      expect(row(`${header}\n${cells}`)).toMatchObject({ contact: expected });
    }
  });

  it('found in review: a default source with a control or direction character is refused, naming the field', () => {
    for (const bad of ['event: UX\tWeek', 'event: \u202EkeeW XU', 'event: UX\u0000Week']) {
      expect(refusal(() => parseDefaultSource(bad, 'source'))).toEqual({
        field: 'source',
        message: expect.stringContaining('without control characters'),
      });
    }
  });

  it('keeps quoted fields with commas, quotes and embedded newlines', () => {
    const text = `${HEADER}\r\nana@lumen.example,"Ana ""AJ""","Silva, Jr.",Lumen,,,,"alumni: Rhode Island, School of Design",,"line one\r\nline two"`;
    expect(row(text)).toMatchObject({
      contact: {
        firstName: 'Ana "AJ"',
        lastName: 'Silva, Jr.',
        foundVia: { kind: 'alumni', name: 'Rhode Island, School of Design' },
        notes: 'line one\r\nline two',
        // No zone given: the client's.
        timeZone: 'Europe/London',
      },
    });
  });

  it('keeps unknown columns in the notes, and reads referred_by as a referral', () => {
    const text =
      'Email,First_Name,LinkedIn,Referred_By,notes,source\nana@lumen.example,Ana,https://in.example/ana,Priya Raman,met at a talk,the UXPA';
    expect(row(text)).toMatchObject({
      contact: {
        foundVia: { kind: 'referral', name: 'Priya Raman' },
        notes: 'met at a talk\nlinkedin: https://in.example/ana',
      },
    });
  });

  it('a source without a known kind is "other"', () => {
    expect(row(`email,first_name,source\nana@lumen.example,Ana,Conference: spring`)).toMatchObject({
      contact: { foundVia: { kind: 'other', name: 'Conference: spring' } },
    });
  });

  it('a bad row names its column: email, time_zone, first_name, source', () => {
    const text = [
      'email,first_name,time_zone,source',
      'not-an-address,Ana,,uxpa',
      'ana@lumen.example,Ana,Mars/Olympus,uxpa',
      'ana@lumen.example,,,uxpa',
      'ana@lumen.example,Ana,,',
      ',Ana,,uxpa',
    ].join('\n');
    const file = csv(text);
    const fields = file.rows.map((_, i) => {
      const outcome = parseImportRow(file, i, DEFAULTS);
      return 'field' in outcome ? outcome.field : 'ok';
    });
    expect(fields).toEqual(['email', 'time_zone', 'first_name', 'source', 'email']);
  });

  it('skips empty lines and reads short rows (missing cells are empty: here source)', () => {
    const file = csv(`email,first_name,source\n\nana@lumen.example,Ana,uxpa\n\nbo@lumen.example\n`);
    expect(file.rows).toHaveLength(2);
    expect(parseImportRow(file, 1, DEFAULTS)).toMatchObject({ field: 'source' });
  });
});

describe('files refused whole', () => {
  it('no email column', () => {
    expect(refusal(() => csv('name,company\nAna,Lumen'))).toMatchObject({
      field: 'body',
      message: expect.stringContaining('no email column'),
    });
  });

  it('not CSV (an unclosed quote)', () => {
    expect(refusal(() => csv('email,first_name\n"ana@lumen.example,Ana'))).toMatchObject({
      field: 'body',
      message: expect.stringContaining('is not CSV'),
    });
  });

  it('no rows', () => {
    expect(refusal(() => csv(HEADER)).message).toBe('has no contacts');
    expect(refusal(() => csv('')).message).toBe('is empty');
  });

  it(`more than ${MAX_IMPORT_ROWS} rows; exactly that many is fine`, () => {
    const rows = (n: number) => `email\n${'a@b.example\n'.repeat(n)}`;
    expect(csv(rows(MAX_IMPORT_ROWS)).rows).toHaveLength(MAX_IMPORT_ROWS);
    expect(refusal(() => csv(rows(MAX_IMPORT_ROWS + 1))).message).toContain('more than 10,000');
  });

  it('not UTF-8: Latin-1 bytes, or text that already shows them as U+FFFD', () => {
    const latin1 = Buffer.from('email,first_name\nzoe@lumen.example,Zo\xeb\n', 'latin1');
    expect(refusal(() => decodeUtf8(latin1, 'uploadKey'))).toMatchObject({
      field: 'uploadKey',
      message: expect.stringContaining('not UTF-8'),
    });
    expect(refusal(() => csv(latin1.toString('utf8'))).message).toContain('not UTF-8');
  });

  it('JSON: a list of contacts, else refused', () => {
    expect(readImportFile('[{"email":"a@b.example"}]', 'application/json', 'contacts').rows).toHaveLength(1);
    expect(refusal(() => readImportFile('{"email":1}', 'application/json', 'contacts')).message).toBe(
      'must be a list of contacts',
    );
  });
});
