/**
 * The lexical model learned at build time (`generated/reply-lexicon.ts`, written by `npm run
 * build:reply-lexicon` from the dev set: text, Brotli, base64), read back once per container.
 */
import { brotliDecompressSync } from 'node:zlib';
import { REPLY_LEXICON } from './generated/reply-lexicon.ts';
import type { LexiconModel } from './lexicon.ts';

let model: LexiconModel | undefined;

/** The packed text (see `packLexicon` in test/eval/lexicon-training.ts) as a model. */
export function unpackLexicon(text: string): LexiconModel {
  const [head = '', ...rows] = text.split('\n');
  const [step = 1, ...bias] = head.split(' ').map(Number);
  const weights = new Map<string, number[]>();
  for (const row of rows) {
    const tab = row.indexOf('\t');
    weights.set(
      row.slice(0, tab),
      row
        .slice(tab + 1)
        .split(' ')
        .map((q) => Number(q) * step),
    );
  }
  return { bias, weights };
}

export function replyLexicon(): LexiconModel {
  model ??= unpackLexicon(brotliDecompressSync(Buffer.from(REPLY_LEXICON, 'base64')).toString('utf8'));
  return model;
}
