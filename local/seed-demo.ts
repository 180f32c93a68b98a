import type { BlobStore } from '#domain/ports/blob-store.ts';
import type { Clock } from '#domain/ports/clock.ts';
import type { Store } from '#domain/ports/store.ts';
import type { Workflow } from '#usecases/workflow.ts';
import { LOCAL_USERS } from './cognito.ts';
import { DEMO_CAMPAIGN_ID, DEMO_CLIENT_ID, demoCampaign, demoClient } from './demo-data.ts';

/** A one-page PDF, written by hand so the demo needs no generator: the resume the outreach attaches. */
export function demoResume(): Buffer {
  const text = 'BT /F1 18 Tf 72 720 Td (Sam Okafor - Resume) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** The demo's first prospect, referred by a friend of the client (also the contact of `npm run preview`). */
export const DEMO_PRIYA = {
  email: 'priya.raman@lumen-health.example',
  firstName: 'Priya',
  lastName: 'Raman',
  company: 'Lumen Health',
  role: 'Senior UX Researcher',
  timeZone: 'America/New_York',
  foundVia: { kind: 'referral', name: 'Dana Whitfield' },
} as const;

/** The seeded coach (`coach@rapport.local`) has the demo client: signed in as them, the demo is theirs. */
const DEMO_COACH = LOCAL_USERS.find((u) => u.group === 'coach')?.email;

/**
 * On first start: a demo client (with a resume), a campaign with the default policy and question
 * bank, five contacts in different zones, and
 * the campaign launched. Later starts find it and leave it alone.
 */
export async function seedDemo(deps: { store: Store; blobs: BlobStore; workflow: Workflow; clock: Clock }) {
  const existing = await deps.store.getClient(DEMO_CLIENT_ID);
  if (existing) {
    // Put again: a demo client stored before the client list existed gets its list keys (GSI1 CLIENTS),
    // one stored before coach logins its coach.
    await deps.store.putClient({ coach: DEMO_COACH, ...existing });
    return { clientId: DEMO_CLIENT_ID, campaignId: DEMO_CAMPAIGN_ID, created: false };
  }
  const now = deps.clock.now().toISOString();
  const client = demoClient({ createdAt: now });
  if (client.resumeKey) await deps.blobs.put(client.resumeKey, demoResume(), 'application/pdf');
  await deps.store.putClient({ ...client, coach: DEMO_COACH });
  await deps.store.putCampaign(demoCampaign({ createdAt: now }));
  await deps.workflow.importContacts(DEMO_CAMPAIGN_ID, [
    DEMO_PRIYA,
    {
      email: 'jonas.weber@fernwood.example',
      firstName: 'Jonas',
      lastName: 'Weber',
      company: 'Fernwood Labs',
      role: 'Design Research Lead',
      timeZone: 'Europe/Berlin',
      foundVia: { kind: 'association', name: 'the UX Professionals Association' },
    },
    {
      email: 'aarti.shah@kite.example',
      firstName: 'Aarti',
      lastName: 'Shah',
      company: 'Kite Mobility',
      role: 'UX Researcher',
      timeZone: 'Asia/Kolkata',
      foundVia: { kind: 'alumni', name: 'the University of Leeds alumni network' },
    },
    {
      email: 'mia.thompson@harbour.example',
      firstName: 'Mia',
      lastName: 'Thompson',
      company: 'Harbour Bank',
      role: 'Head of Research',
      timeZone: 'Australia/Adelaide',
      foundVia: { kind: 'instructor', name: 'Professor Ellen Hart' },
    },
    {
      email: 'rory.campbell@thistle.example',
      firstName: 'Rory',
      lastName: 'Campbell',
      company: 'Thistle Games',
      role: 'Games User Researcher',
      timeZone: 'Europe/London',
      foundVia: { kind: 'event', name: 'UX Scotland 2026' },
    },
  ]);
  await deps.workflow.launchCampaign(DEMO_CAMPAIGN_ID);
  return { clientId: DEMO_CLIENT_ID, campaignId: DEMO_CAMPAIGN_ID, created: true };
}
