/** Where SES's receipt rule stores raw inbound mail in the bucket (object key = prefix + SES message id). */
export const INBOUND_OBJECT_PREFIX = 'inbound/';
