// Minimal typings for the untyped library the reply reader uses (no @types packages exist
// in the tree). Only what functions/domain/reply calls is declared.

declare module 'email-reply-parser' {
  export default class EmailReplyParser {
    /** The reply with quoted fragments and signatures removed. */
    parseReply(text: string): string;
  }
}
