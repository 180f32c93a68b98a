/**
 * The EventBridge detail types of the SES events the ses-events function handles. The rule in the
 * stateless stack forwards exactly these, so infrastructure and runtime cannot drift apart.
 * "Email Delivered", "Email Rejected" and the rest change nothing in rapport: not forwarded.
 */
export const SES_DETAIL_TYPES = ['Email Sent', 'Email Bounced', 'Email Complaint Received'] as const;

/** The source of SES's events on the default bus. */
export const SES_EVENT_SOURCE = 'aws.ses';

/** The tag SES adds to every event of a message sent through a configuration set. */
export const CONFIGURATION_SET_TAG = 'ses:configuration-set';
