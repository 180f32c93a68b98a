import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { buildQuestionsSheet } from '#mail/questions-sheet.ts';
import { questions } from './fixtures.ts';

const base = {
  title: 'Informational interview',
  details: [
    'Sam Okafor with Priya Raman, Lumen Health',
    'Wednesday, 3 March 2027 at 14:00 (Europe/Berlin), 20 minutes',
  ],
  questions,
  footer: 'Prepared with Northwind Careers',
  accentColor: '#1a6b5c',
  createdAt: new Date('2027-03-02T09:00:00Z'),
};

describe('questions sheet', () => {
  it('is a valid one-page PDF that pdf-lib opens', async () => {
    const pdf = buildQuestionsSheet(base);
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('Informational interview');
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
    const text = pdf.toString('latin1');
    // Each question is written (hex-encoded WinAnsi) into the content stream.
    for (const q of questions)
      expect(text).toContain(Buffer.from(q.text.slice(0, 20), 'latin1').toString('hex'));
  });

  it('stays on one page with very long questions and survives characters WinAnsi lacks', async () => {
    const long = questions.map((q) => ({
      ...q,
      text: `${q.text} ${'Tell me more about that, please. '.repeat(12)}日本`,
    }));
    const doc = await PDFDocument.load(buildQuestionsSheet({ ...base, questions: long }));
    expect(doc.getPageCount()).toBe(1);
  });

  it('lays a TIARA set out by part, in TIARA order, and a seed set by domain', () => {
    const hex = (value: string) => Buffer.from(value, 'latin1').toString('hex');
    const parts = ['assignments', 'trends', 'resources', 'insights', 'advice'] as const;
    const tiara = questions.map((q, i) => ({ ...q, tiara: parts[i] }));
    const content = buildQuestionsSheet({ ...base, questions: tiara }).toString('latin1');
    const at = (heading: string) => content.indexOf(hex(heading));
    const order = ['Trends', 'Insights', 'Advice', 'Resources', 'Assignments'].map(at);
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(at('About the field')).toBe(-1);
    const seed = buildQuestionsSheet(base).toString('latin1');
    expect(seed).toContain(hex('About the field'));
    expect(seed).not.toContain(hex('Resources'));
  });
});
