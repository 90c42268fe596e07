import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, type ScalarTag } from 'yaml';

/** CloudFormation's short-form intrinsic functions, kept as `{ Ref }` / `{ 'Fn::GetAtt' }` / `{ 'Fn::Sub' }` objects. */
const intrinsic = (tag: string, key: string, split = false): ScalarTag => ({
  tag: `!${tag}`,
  resolve: (value: string) => ({ [key]: split ? value.split('.') : value }),
});
const customTags = [intrinsic('Ref', 'Ref'), intrinsic('GetAtt', 'Fn::GetAtt', true), intrinsic('Sub', 'Fn::Sub')];

interface Fn {
  Type: string;
  Properties: {
    Handler: string;
    Timeout: number;
    Policies?: Array<Record<string, { QueueName: unknown }>>;
    Events: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
}

const template = parse(readFileSync(join(import.meta.dirname, '../template.yaml'), 'utf8'), { customTags, prettyErrors: true }) as {
  Parameters: Record<string, { Type: string; NoEcho?: boolean }>;
  Globals: { Function: { Runtime: string; Environment: { Variables: Record<string, unknown> } } };
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
};
const fn = (name: string) => template.Resources[name] as unknown as Fn;

describe('examples/lambda/template.yaml', () => {
  it('parses as YAML (the HTTP API path is quoted: a bare {proxy+} would be a flow mapping)', () => {
    expect(fn('WebhookFunction').Properties.Events.Http!.Properties).toEqual({ Path: '/{proxy+}', Method: 'ANY' });
  });

  it('runs on a current Node.js runtime', () => {
    expect(template.Globals.Function.Runtime).toBe('nodejs22.x');
  });

  it('gives every function the queue URL and permission to send to it (webhook: accepted jobs; SQS and scheduled: parked, woken, released)', () => {
    expect(template.Globals.Function.Environment.Variables.QUEUE_URL).toEqual({ Ref: 'JobsQueue' });
    for (const name of ['WebhookFunction', 'SqsFunction', 'ScheduledFunction']) {
      expect(fn(name).Properties.Policies, name).toContainEqual({ SQSSendMessagePolicy: { QueueName: { 'Fn::GetAtt': ['JobsQueue', 'QueueName'] } } });
    }
  });

  it('reads the queue with partial batch responses, batch 5', () => {
    expect(fn('SqsFunction').Properties.Events.Jobs).toEqual({
      Type: 'SQS',
      Properties: { Queue: { 'Fn::GetAtt': ['JobsQueue', 'Arn'] }, BatchSize: 5, FunctionResponseTypes: ['ReportBatchItemFailures'] },
    });
  });

  it("sets the queue's visibility timeout to at least 6 × the SQS function's timeout, as AWS advises", () => {
    const queue = template.Resources.JobsQueue!.Properties;
    expect(queue.VisibilityTimeout as number).toBeGreaterThanOrEqual(6 * fn('SqsFunction').Properties.Timeout);
  });

  it('moves messages that keep failing to a dead-letter queue', () => {
    const { RedrivePolicy } = template.Resources.JobsQueue!.Properties as { RedrivePolicy: { deadLetterTargetArn: unknown; maxReceiveCount: number } };
    expect(RedrivePolicy.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': ['JobsDeadLetterQueue', 'Arn'] });
    expect(RedrivePolicy.maxReceiveCount).toBeGreaterThanOrEqual(1);
    expect(template.Resources.JobsDeadLetterQueue?.Type).toBe('AWS::SQS::Queue');
  });

  it('wires every provider the handlers read, booking providers included, secrets hidden', () => {
    const variables = template.Globals.Function.Environment.Variables;
    const handlers = readFileSync(join(import.meta.dirname, '../src/handlers.ts'), 'utf8');
    const read = new Set([...handlers.matchAll(/(?:required|optional)\('([A-Z0-9_]+)'\)/g)].map((match) => match[1]!));
    expect([...read].sort()).toEqual(expect.arrayContaining(['GOOGLE_CALENDAR_ID', 'GOOGLE_SERVICE_ACCOUNT', 'SMTP_FROM', 'SMTP_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM']));
    for (const name of read) expect(Object.keys(variables), name).toContain(name);
    for (const [name, value] of Object.entries(variables)) {
      const ref = (value as { Ref?: string }).Ref;
      if (ref && ref !== 'JobsQueue') expect(template.Parameters[ref], `${name} → ${ref}`).toBeDefined();
    }
    for (const secret of ['DatabaseUrl', 'ElevenLabsWebhookSecret', 'GoogleServiceAccount', 'TwilioAuthToken', 'SmtpUrl']) expect(template.Parameters[secret]?.NoEcho, secret).toBe(true);
  });
});
