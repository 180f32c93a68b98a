/**
 * Issue 8 defect 3: a pause lost in a race with launch. Launch and pause run at the same moment on
 * 40 prospects whose outreach is due at once, while the Scheduler emulator fires what is due into
 * the real dispatch (each invocation on its own, as in AWS), whose mailer takes 200 ms per send and
 * holds every send until the round's pause has returned: every send claimed before the pause took
 * effect is still in flight then, so the emails sent must equal the count the pause reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mailer } from '#domain/ports/mailer.ts';
import type { ClaimOutcome, Store } from '#domain/ports/store.ts';
import { makeWorkflow } from '#usecases/workflow.ts';
import { aProspect, DISPATCH_ARN, startWorkflowStack, type WorkflowStack } from './harness.ts';

const ROUNDS = 20;
const PROSPECTS = 40;
const SEND_MS = 200;
const MINUTE = 60_000;
// A Monday, 10:00 in New York: the prospects' window is open.
const START = '2026-03-02T15:00:00.000Z';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The round in progress: the claims dispatch makes and when the pause returned. */
interface Round {
  pauseReturned: boolean;
  release: () => void;
  released: Promise<void>;
  claims: { afterPause: boolean; outcome: ClaimOutcome['outcome'] }[];
}

let round: Round = newRound();
function newRound(): Round {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { pauseReturned: false, release, released, claims: [] };
}

/** SES taking 200 ms per send, and holding it until the pause returned. */
const slowMailer = (real: Mailer): Mailer => ({
  async sendRaw(input) {
    await Promise.all([sleep(SEND_MS), round.released]);
    return real.sendRaw(input);
  },
});

/** The dispatch function's store, noting each claim and whether the pause had returned before it was made. */
const watchClaims = (store: Store): Store => ({
  ...store,
  async claimSend(key, claim) {
    const afterPause = round.pauseReturned;
    const out = await store.claimSend(key, claim);
    round.claims.push({ afterPause, outcome: out.outcome });
    return out;
  },
});

let stack: WorkflowStack;
/** Dispatch invocations still running (each schedule fires on its own, as in AWS). */
const running = new Set<Promise<void>>();
beforeAll(async () => {
  stack = await startWorkflowStack({ start: START, mailer: slowMailer, dispatchStore: watchClaims });
  // The emulator waits for a run's invocations before the next run; AWS does not: hand each off.
  stack.emulator.registerTarget(DISPATCH_ARN, async (input) => {
    const invocation = stack.invokeDispatch(input);
    running.add(invocation);
    invocation.catch(() => {}).finally(() => running.delete(invocation));
  });
});

/** Waits for every dispatch invocation started so far (and those they start); their errors come out. */
async function dispatchesDone(): Promise<void> {
  while (running.size > 0) await Promise.all([...running]);
}
afterAll(() => stack.stop());

describe('issue 8 defect 3: a pause lost in a race with launch', () => {
  it('defect 3: launch ∥ pause — once pause returns nothing new is claimed, and the emails sent equal those it reported in flight', async () => {
    // Launch plans from 40 minutes ago (outreach 1 minute apart), so all 40 are due at once now.
    const launchClock = { now: () => new Date(stack.clock.now().getTime() - PROSPECTS * MINUTE) };
    const workflow = makeWorkflow({ ...stack.deps, clock: launchClock });
    const rounds: { inFlight: number; sent: number; launched: number }[] = [];

    for (let r = 0; r < ROUNDS; r++) {
      round = newRound();
      const current = round;
      const { campaign } = await stack.seed({ policy: { staggerMinutes: 1, dailyCapPerSender: 500 } });
      const rows = Array.from({ length: PROSPECTS }, () => aProspect());
      await stack.workflow.importContacts(campaign.id, rows);

      let launchDoneAt: number | undefined;
      const launch = workflow.launchCampaign(campaign.id).finally(() => {
        launchDoneAt = Date.now();
      });
      // Even rounds: the pause starts 0–135 ms after the launch (it races the launch's own writes);
      // odd rounds: once r claims were made, or 100 ms after the launch ended (it races the sends).
      const claimed = () => current.claims.filter((c) => c.outcome === 'claimed').length;
      const launchLongDone = () => launchDoneAt !== undefined && Date.now() - launchDoneAt >= 100;
      const trigger =
        r % 2 === 0
          ? sleep((r / 2) * 15)
          : (async () => {
              while (claimed() < r && !launchLongDone()) await sleep(2);
            })();
      const pause = trigger
        .then(() => workflow.pauseCampaign(campaign.id))
        .finally(() => {
          current.pauseReturned = true;
          current.release();
        });
      let settled = false;
      const firing = (async () => {
        while (!settled) {
          await stack.emulator.runDue();
          // Like the Scheduler's delivery delay: a schedule created just before its contact's commit
          // (schedules first) would otherwise often fire before that commit, and be dropped as stale.
          await sleep(25);
        }
      })();
      const [launched, paused] = await Promise.all([launch, pause]).finally(() => {
        settled = true;
      });
      await firing;
      // Whatever is still due fires now: after the pause it must claim nothing.
      await stack.emulator.runDue();
      await dispatchesDone();

      const emails = new Set(rows.map((row) => row.email.toLowerCase()));
      const sent = (await stack.sent()).filter((m) => emails.has(m.to.toLowerCase()));
      expect(current.claims.filter((c) => c.afterPause && c.outcome === 'claimed')).toEqual([]);
      expect(sent).toHaveLength(paused.inFlight);
      const stored = await stack.store.getCampaign(campaign.id);
      expect(stored?.status).toBe('paused');
      expect(stored?.inFlight ?? 0).toBe(0);
      const stats = await stack.store.getCampaignStats(campaign.id);
      expect(stats?.byStage.queued).toBe(0);
      expect(stats?.byStage.contacted).toBe(0);
      expect(stats?.byStage.paused).toBe(launched.launched);
      rounds.push({ inFlight: paused.inFlight, sent: sent.length, launched: launched.launched });
    }
    // The race was really run: in some rounds sends were in flight when the pause took effect.
    expect(rounds.some((x) => x.inFlight > 0)).toBe(true);
  }, 90_000);
});
