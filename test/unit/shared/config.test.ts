import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.ts';
import { loadConfig } from '#shared/config.ts';
import { ENV } from '#shared/env-names.ts';

const good = {
  [ENV.tableName]: 'rapport',
  [ENV.bucketName]: 'rapport-mail',
  [ENV.scheduleGroup]: 'rapport',
  [ENV.dispatchArn]: 'arn:aws:lambda:eu-west-1:123456789012:function:rapport-dispatch',
  [ENV.schedulerRoleArn]: 'arn:aws:iam::123456789012:role/rapport-scheduler',
  [ENV.deadLetterArn]: 'arn:aws:sqs:eu-west-1:123456789012:rapport-dlq',
  [ENV.configurationSet]: 'rapport',
  [ENV.consultancyName]: 'Northwind Careers',
  [ENV.brandColor]: '#1a6b5c',
  [ENV.logoUrl]: 'https://northwind-careers.example/logo.png',
  [ENV.postalAddress]: '12 Harbour Street, Edinburgh',
  [ENV.senderDomain]: 'mail.northwind-careers.example',
  [ENV.inboundDomain]: 'in.northwind-careers.example',
  [ENV.unsubscribeBaseUrl]: 'https://unsubscribe.northwind-careers.example/u',
  [ENV.unsubscribeKeysSecret]: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:keys-AbCdEf',
};

describe('loadConfig', () => {
  it('parses a complete environment into a frozen config without emulator endpoints', () => {
    const config = loadConfig(good);
    expect(config.tableName).toBe('rapport');
    expect(config.scheduler.targetArn).toBe(good[ENV.dispatchArn]);
    expect(config.mail.senderDomain).toBe('mail.northwind-careers.example');
    expect(config.endpoints).toEqual({
      dynamo: undefined,
      ses: undefined,
      s3: undefined,
      scheduler: undefined,
      secrets: undefined,
    });
    // The key ring is fetched at run time: the environment names the secret, never holds a key.
    expect(config.unsubscribeKeys).toEqual({ secretId: good[ENV.unsubscribeKeysSecret] });
    expect(JSON.stringify(config)).not.toMatch(/secret"?:\s*"[^"]{32,}/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every missing variable', () => {
    const { [ENV.tableName]: _t, [ENV.dispatchArn]: _d, ...rest } = good;
    expect(() => loadConfig(rest)).toThrow(
      /RAPPORT_TABLE_NAME.*RAPPORT_DISPATCH_ARN|RAPPORT_DISPATCH_ARN.*RAPPORT_TABLE_NAME/,
    );
  });

  it('refuses malformed mail settings, naming the field', () => {
    const error = (() => {
      try {
        loadConfig({
          ...good,
          [ENV.unsubscribeBaseUrl]: 'http://plain.example/u',
          [ENV.brandColor]: 'red',
        });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    const fields = (error as ValidationError).issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['mail.unsubscribeBaseUrl', 'mail.brandColor']));
  });
});
