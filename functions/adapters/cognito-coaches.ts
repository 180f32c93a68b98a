/**
 * The Coaches port on a Cognito user pool (AdminCreateUser, AdminAddUserToGroup, ListUsersInGroup).
 * The only place that knows Cognito's errors: throttling and 5xx leave as RetryableError, an address
 * Cognito refuses as a ValidationError naming `email`.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { RetryableError, ValidationError } from '#domain/errors.ts';
import type { Coach, Coaches } from '#domain/ports/coaches.ts';
import { type OnSdkCall, watchCalls } from './sdk-calls.ts';
import { isTransient, sdkError } from './sdk-errors.ts';

export interface CognitoCoachesOptions {
  userPoolId: string;
  /** cognito-local's endpoint; AWS when absent. */
  endpoint?: string;
  client?: CognitoIdentityProviderClient;
  onCall?: OnSdkCall;
}

export const COACH_GROUP = 'coach';

function translate(error: unknown, what: string): Error {
  const e = sdkError(error);
  if (isTransient(error) || e.name === 'TooManyRequestsException') {
    return new RetryableError(`Cognito ${what}: ${e.message ?? String(error)}`, { cause: error });
  }
  if (e.name === 'InvalidParameterException')
    return ValidationError.of('email', e.message ?? 'refused by Cognito');
  return error instanceof Error ? error : new Error(String(error));
}

function coachOf(
  user: Pick<UserType, 'Username' | 'Attributes' | 'UserStatus' | 'Enabled' | 'UserCreateDate'>,
): Coach {
  const email = user.Attributes?.find((a) => a.Name === 'email')?.Value ?? user.Username ?? '';
  return {
    email: email.toLowerCase(),
    status: user.UserStatus ?? 'UNKNOWN',
    enabled: user.Enabled ?? true,
    ...(user.UserCreateDate ? { createdAt: new Date(user.UserCreateDate).toISOString() } : {}),
  };
}

export function makeCognitoCoaches(options: CognitoCoachesOptions): Coaches {
  const client = watchCalls(
    options.client ??
      new CognitoIdentityProviderClient(options.endpoint ? { endpoint: options.endpoint } : {}),
    options.onCall,
  );
  const UserPoolId = options.userPoolId;
  const send = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw translate(error, what);
    }
  };
  return {
    async invite(email) {
      let created = true;
      let user: Coach;
      try {
        const out = await client.send(
          new AdminCreateUserCommand({
            UserPoolId,
            Username: email,
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'email_verified', Value: 'true' },
            ],
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        );
        user = coachOf(out.User ?? { Username: email });
      } catch (error) {
        if (sdkError(error).name !== 'UsernameExistsException') throw translate(error, 'invite a coach');
        created = false;
        const existing = await send('read a coach', () =>
          client.send(new AdminGetUserCommand({ UserPoolId, Username: email })),
        );
        user = coachOf({ ...existing, Attributes: existing.UserAttributes });
      }
      await send('add a coach to the group', () =>
        client.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: email, GroupName: COACH_GROUP })),
      );
      return { coach: user, created };
    },

    async list() {
      const coaches: Coach[] = [];
      let NextToken: string | undefined;
      do {
        const out = await send('list coaches', () =>
          client.send(new ListUsersInGroupCommand({ UserPoolId, GroupName: COACH_GROUP, NextToken })),
        );
        coaches.push(...(out.Users ?? []).map(coachOf));
        NextToken = out.NextToken;
      } while (NextToken);
      return coaches.sort((a, b) => a.email.localeCompare(b.email));
    },
  };
}
