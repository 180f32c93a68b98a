/**
 * The campaign's funnel (`GET /campaigns/{id}/report`): a table — each milestone with its count, a
 * bar for the eye (hidden from screen readers, the numbers say it) and its share of those contacted
 * — then the rates and the median days, and how they are read.
 */

import { MILESTONES } from '#domain/funnel.ts';
import type { DayRange, FunnelReport } from '#domain/funnel-report.ts';
import { api } from '../api.ts';
import { percent } from '../stats.ts';
import { Status, useLoad } from '../ui.tsx';

const days = (range: DayRange | null) =>
  range === null
    ? '—'
    : range.to === null
      ? `${range.from} days or more`
      : range.from === range.to
        ? `${range.from} ${range.from === 1 ? 'day' : 'days'}`
        : `${range.from}–${range.to} days`;

export function FunnelView({ campaignId }: { campaignId: string }) {
  const report = useLoad(() => api<FunnelReport>('GET', `/campaigns/${campaignId}/report`), [campaignId]);
  return (
    <section aria-labelledby="funnel-title">
      <h2 id="funnel-title">Funnel</h2>
      <Status loaded={report} what="the funnel">
        {(r) => {
          const base = r.counts.contacted;
          return (
            <>
              <table class="funnel">
                <caption class="muted">Contacts who reached each step, each counted once</caption>
                <thead>
                  <tr>
                    <th scope="col">Step</th>
                    <th scope="col">Contacts</th>
                    <th scope="col">Of those contacted</th>
                  </tr>
                </thead>
                <tbody>
                  {MILESTONES.map((m) => {
                    const share = base > 0 ? r.counts[m] / base : undefined;
                    return (
                      <tr key={m} data-milestone={m}>
                        <th scope="row">{m}</th>
                        <td>{r.counts[m]}</td>
                        <td>
                          <span class="bar" aria-hidden="true" style={{ width: `${(share ?? 0) * 7}rem` }} />{' '}
                          {percent(share)}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <dl class="figures">
                <div>
                  <dt>Reply rate</dt>
                  <dd>{percent(r.replyRate ?? undefined)}</dd>
                </div>
                <div>
                  <dt>Acceptance rate</dt>
                  <dd>{percent(r.acceptanceRate ?? undefined)}</dd>
                </div>
                <div>
                  <dt>Median days to reply</dt>
                  <dd>{days(r.medianDaysToReply)}</dd>
                </div>
                <div>
                  <dt>Median days to meeting</dt>
                  <dd>{days(r.medianDaysToMeeting)}</dd>
                </div>
              </dl>
              <p class="muted">{r.note}.</p>
            </>
          );
        }}
      </Status>
    </section>
  );
}
