import { describe, expect, it } from 'vitest';
import { resolveParties } from '../../src/call/direction.js';
import type { KnownCall } from '@callwire/core';

const exophone = '09631084471';
const customer = '09876543210';
const agentPhone = '09811122233';
const call = (fields: Partial<KnownCall>): KnownCall => ({ callId: 'c1', source: 'exotel-status-callback', from: customer, to: exophone, ...fields });

describe('resolveParties: the direction table of docs/call-pipeline.md', () => {
  const support = { supportNumbers: ['+919631084471'], defaultRegion: 'IN' as const };
  const none = { supportNumbers: [], defaultRegion: 'IN' as const };

  it.each([
    ['inbound', call({ providerDirection: 'inbound' }), support, { direction: 'incoming', supportNumber: exophone, customerNumber: customer }],
    ['incoming (Passthru)', call({ providerDirection: 'incoming' }), none, { direction: 'incoming', supportNumber: exophone, customerNumber: customer }],
    ['outbound-api, agent first', call({ providerDirection: 'outbound-api', from: agentPhone, to: customer, exophone }), support, { direction: 'outgoing', supportNumber: exophone, customerNumber: customer, agentPhone }],
    ['outbound-api, no support numbers configured', call({ providerDirection: 'outbound-api', from: agentPhone, to: customer, exophone }), none, { direction: 'outgoing', supportNumber: exophone, customerNumber: customer, agentPhone }],
    ['outbound-api from the ExoPhone itself', call({ providerDirection: 'outbound-api', from: exophone, to: customer, exophone }), none, { direction: 'outgoing', supportNumber: exophone, customerNumber: customer }],
    ['outbound-api without an ExoPhone: the configured line', call({ providerDirection: 'outbound-api', from: agentPhone, to: customer }), support, { direction: 'outgoing', supportNumber: '+919631084471', customerNumber: customer, agentPhone }],
    ['outbound-dial from the ExoPhone', call({ providerDirection: 'outbound-dial', from: exophone, to: customer, exophone }), none, { direction: 'outgoing', supportNumber: exophone, customerNumber: customer }],
    ['outbound-dial to a flow on a support line', call({ providerDirection: 'outbound-dial', from: customer, to: exophone }), support, { direction: 'outgoing', supportNumber: exophone, customerNumber: customer }],
    ['no direction, from a support number (Zapier)', call({ source: 'zapier', from: '+919631084471', to: customer }), support, { direction: 'outgoing', supportNumber: '+919631084471', customerNumber: customer }],
    ['no direction, to a support number (Zapier)', call({ source: 'zapier' }), support, { direction: 'incoming', supportNumber: exophone, customerNumber: customer }],
    ['no direction, no support numbers, payload says outgoing', call({ source: 'zapier', from: exophone, to: customer, directionHint: 'outgoing' }), none, { direction: 'outgoing', supportNumber: exophone, customerNumber: customer }],
  ])('%s', (_name, input, options, expected) => {
    expect(resolveParties(input, options)).toEqual(expected);
  });
});
