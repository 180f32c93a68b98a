// Minimal typings for the two untyped libraries the reply reader uses (no @types packages exist
// in the tree). Only what functions/domain/reply calls is declared.

declare module 'email-reply-parser' {
  export default class EmailReplyParser {
    /** The reply with quoted fragments and signatures removed. */
    parseReply(text: string): string;
  }
}

declare module 'html-to-text' {
  export interface HtmlToTextOptions {
    wordwrap?: number | false | null;
    selectors?: readonly Record<string, unknown>[];
  }
  export function convert(html: string, options?: HtmlToTextOptions): string;
}
