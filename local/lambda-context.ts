import type { Context } from 'aws-lambda';

/** The Lambda context a handler gets when the local stack or a test invokes it in process. */
export function localContext(functionName: string): Context {
  const fail = () => {
    throw new Error('not available locally');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: 'local',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 60_000,
    done: fail,
    fail,
    succeed: fail,
  };
}
