/**
 * rapport's single DynamoDB table, built from `tableDefinition()` — the same plain-data definition
 * the store adapter, the local stack and the integration tests use — so the deployed key schema can't
 * drift from the one the code was tested against. Everything that makes it survive lives here:
 * on-demand billing (from the definition), point-in-time recovery, deletion protection, retained on
 * update and delete (not on a failed first create, so a retry does not meet a leftover table).
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE, tableDefinition } from '#shared/table-definition.ts';

type Definition = ReturnType<typeof tableDefinition>;
type KeySchema = NonNullable<Definition['KeySchema']>;

const ATTRIBUTE_TYPES: Record<string, dynamodb.AttributeType> = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY,
};

const PROJECTIONS: Record<string, dynamodb.ProjectionType> = {
  ALL: dynamodb.ProjectionType.ALL,
  KEYS_ONLY: dynamodb.ProjectionType.KEYS_ONLY,
};

function attribute(definition: Definition, name: string): dynamodb.Attribute {
  const declared = definition.AttributeDefinitions?.find((a) => a.AttributeName === name);
  const type = declared?.AttributeType && ATTRIBUTE_TYPES[declared.AttributeType];
  if (!type) throw new Error(`table definition: key attribute ${name} has no supported type`);
  return { name, type };
}

function keys(definition: Definition, schema: KeySchema | undefined, where: string) {
  const hash = schema?.find((k) => k.KeyType === 'HASH')?.AttributeName;
  const range = schema?.find((k) => k.KeyType === 'RANGE')?.AttributeName;
  if (!hash) throw new Error(`table definition: ${where} has no HASH key`);
  return {
    partitionKey: attribute(definition, hash),
    ...(range ? { sortKey: attribute(definition, range) } : {}),
  };
}

/** The parts of the CDK table props that come from the plain definition (exported for the tests). */
export function tablePropsFromDefinition(definition: Definition = tableDefinition('rapport')) {
  if (definition.BillingMode !== 'PAY_PER_REQUEST') {
    throw new Error(`table definition: unsupported billing mode ${definition.BillingMode}`);
  }
  if (definition.LocalSecondaryIndexes?.length) throw new Error('table definition: LSIs are not supported');
  const globalSecondaryIndexes = (definition.GlobalSecondaryIndexes ?? []).map((gsi) => {
    const projectionType = PROJECTIONS[gsi.Projection?.ProjectionType ?? ''];
    if (!gsi.IndexName || !projectionType) {
      throw new Error(
        `table definition: index ${gsi.IndexName} needs a name and an ALL/KEYS_ONLY projection`,
      );
    }
    return { indexName: gsi.IndexName, projectionType, ...keys(definition, gsi.KeySchema, gsi.IndexName) };
  });
  return {
    ...keys(definition, definition.KeySchema, 'the table'),
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    globalSecondaryIndexes,
  };
}

export class RapportTable extends Construct {
  readonly table: dynamodb.Table;
  /** The ARNs of the table's indexes by name (no wildcard: grants name each index). */
  readonly indexArns: string[];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { globalSecondaryIndexes, ...tableProps } = tablePropsFromDefinition();
    // The table name is left to CloudFormation: the functions get it through RAPPORT_TABLE_NAME.
    this.table = new dynamodb.Table(this, 'Table', {
      ...tableProps,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TABLE.ttlAttribute,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    for (const gsi of globalSecondaryIndexes) this.table.addGlobalSecondaryIndex(gsi);
    this.indexArns = globalSecondaryIndexes.map((gsi) => `${this.table.tableArn}/index/${gsi.indexName}`);
  }
}
