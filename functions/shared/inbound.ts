/** Where SES's receipt rule stores raw inbound mail in the bucket (object key = prefix + SES message id). */
export const INBOUND_OBJECT_PREFIX = 'inbound/';

/** Where a message with a spam or virus verdict FAIL is moved, unread. */
export const QUARANTINE_OBJECT_PREFIX = 'quarantine/';
