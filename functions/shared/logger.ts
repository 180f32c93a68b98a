import { Logger } from '@aws-lambda-powertools/logger';

/** The one logger. Append keys (`logger.appendKeys({ contactId })`), never log bodies or full addresses at info. */
export const logger = new Logger({ serviceName: 'rapport' });
