/** Sends a fully composed MIME message. Adapters throw RetryableError or PermanentError. */
export interface Mailer {
  sendRaw(input: {
    raw: Buffer;
    /** Envelope recipients. */
    destinations: string[];
    /** Message tags (SES: contact, step, idempotency key). Values `[A-Za-z0-9_.@-]`. */
    tags: Record<string, string>;
  }): Promise<{ messageId: string }>;
}
