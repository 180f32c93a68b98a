/**
 * The campaign's funnel (`GET /campaigns/{id}/report`): a table — each milestone with its count, a
 * bar for the eye (hidden from screen readers, the numbers say it) and its share of those contacted
 * — then the rates and the median days, and how they are read; the same report downloads as CSV
 * (`?format=csv`, saved as `funnel-<campaign name>.csv`).
 */

import { MILESTONES } from '#domain/funnel.ts';
import type { DayRange, FunnelReport } from '#domain/funnel-report.ts';
import { api, apiText } from '../api.ts';
import { fileNameOf, saveText } from '../download.ts';
import { percent } from '../stats.ts';
import { ErrorNote, Status, useAction, useLoad } from '../ui.tsx';

const days = (range: DayRange | null) =>
  range === null
    ? '—'
    : range.to === null
      ? `${range.from} days or more`
      : range.from === range.to
        ? `${range.from} ${range.from === 1 ? 'day' : 'days'}`
        : `${range.from}–${range.to} days`;

/** The funnel as CSV, fetched with the signed-in token and saved as `funnel-<campaign name>.csv`. */
function DownloadCsv({ campaignId, campaignName }: { campaignId: string; campaignName: string }) {
  const download = useAction(async () => {
    const csv = await apiText(`/campaigns/${campaignId}/report?format=csv`);
    const name = fileNameOf(`funnel-${campaignName}`, 'csv');
    saveText(name, csv, 'text/csv;charset=utf-8');
    return name;
  });
  return (
    <div class="actions">
      <button
        type="button"
        class="secondary small"
        onClick={() => void download.go()}
        disabled={download.busy}
      >
        {download.busy ? 'Preparing CSV…' : 'Download CSV'}
      </button>
      {download.done && !download.busy ? <span role="status">Saved {download.done}.</span> : null}
      <ErrorNote error={download.error} />
    </div>
  );
}

export function FunnelView({ campaignId, campaignName }: { campaignId: string; campaignName: string }) {
  const report = useLoad(() => api<FunnelReport>('GET', `/campaigns/${campaignId}/report`), [campaignId]);
  return (
    <section aria-labelledby="funnel-title">
      <h2 id="funnel-title">Funnel</h2>
      <DownloadCsv campaignId={campaignId} campaignName={campaignName} />
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
