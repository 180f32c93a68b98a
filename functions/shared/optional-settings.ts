/**
 * The optional settings of issue 13, read only by the functions that use them (ses-events and
 * inbound: the operations address; inbound: the model reader; api: the preview function it invokes), so the other bundles — dispatch above all — carry
 * neither the names nor the checks. Parsed once per container by the builders in `handlers/setup.ts`;
 * the CDK stack imports the same names.
 */
export const OPTIONAL_ENV = {
  /** Where notices for the consultancy go (a campaign that paused itself, all sending stopped, an unmatched reply). */
  operationsEmail: 'RAPPORT_OPERATIONS_EMAIL',
  /** The inbound function: a Bedrock model id for the optional model reader; unset (default): rules only. */
  modelReaderId: 'RAPPORT_MODEL_READER_ID',
  /** The API function: the preview function it asks for a launch's outreach check (synchronously). */
  previewFunction: 'RAPPORT_PREVIEW_FUNCTION',
} as const;

export interface OptionalSettings {
  /** The consultancy's operations address (notices); unset: notices are only logged. */
  operationsEmail?: string;
  /** The Bedrock model the optional model reader asks; unset: the rules reader alone. */
  modelReaderId?: string;
  /** The preview function's name (the API function only); unset: no launch can be checked. */
  previewFunction?: string;
}

/** The optional settings, each only when set and not blank (addresses and model ids are checked at synth). */
export function loadOptionalSettings(env: NodeJS.ProcessEnv = process.env): Readonly<OptionalSettings> {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const operationsEmail = value(OPTIONAL_ENV.operationsEmail);
  const modelReaderId = value(OPTIONAL_ENV.modelReaderId);
  const previewFunction = value(OPTIONAL_ENV.previewFunction);
  return Object.freeze({
    ...(operationsEmail === undefined ? {} : { operationsEmail }),
    ...(modelReaderId === undefined ? {} : { modelReaderId }),
    ...(previewFunction === undefined ? {} : { previewFunction }),
  });
}
