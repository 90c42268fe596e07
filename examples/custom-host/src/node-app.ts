import { createServer, type Server } from 'node:http';
import { toNodeListener, type CallwireHandler } from '@callwire/core';

/** callwire served by plain `node:http`: the Web handler, translated by `toNodeListener`. */
export function nodeServer(handler: CallwireHandler): Server {
  return createServer(toNodeListener(handler));
}
