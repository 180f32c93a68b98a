/**
 * Every property test runs on one fixed seed, so a run of `npm test` is the same run each time:
 * CI never fails by chance. To explore other cases, `FC_SEED=random npm test` (the seed used is
 * printed) or `FC_SEED=<n>` to replay one; a property given its own seed keeps it.
 */
import fc from 'fast-check';

const wanted = process.env.FC_SEED?.trim();
const seed = wanted === 'random' ? Math.floor(Math.random() * 2 ** 31) : wanted ? Number(wanted) : 20_261_202;
if (!Number.isInteger(seed)) throw new Error(`FC_SEED=${wanted}: give a whole number, or "random"`);
if (wanted) console.log(`fast-check seed ${seed} (replay: FC_SEED=${seed})`);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
