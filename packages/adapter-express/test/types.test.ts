import type express5 from 'express';
import type express4 from 'express4';
import { describe, expectTypeOf, it } from 'vitest';
import { createExpressRouter, rawBodySaver } from '@callwire/adapter-express';

type Middleware = ReturnType<typeof createExpressRouter>;
type Express5Json = NonNullable<Parameters<typeof express5.json>[0]>;
type Express4Json = NonNullable<Parameters<typeof express4.json>[0]>;

describe('adapter-express fits Express types', () => {
  it('createExpressRouter returns a RequestHandler of Express 4 and of Express 5', () => {
    expectTypeOf<Middleware>().toExtend<express5.RequestHandler>();
    expectTypeOf<Middleware>().toExtend<express4.RequestHandler>();
    expectTypeOf<express5.Router['use']>().toBeCallableWith('/callwire', createExpressRouter(async () => new Response()));
    expectTypeOf<express4.Router['use']>().toBeCallableWith('/callwire', createExpressRouter(async () => new Response()));
  });

  it("rawBodySaver fits express.json's and urlencoded's verify option", () => {
    expectTypeOf(rawBodySaver).toExtend<NonNullable<Express5Json['verify']>>();
    expectTypeOf(rawBodySaver).toExtend<NonNullable<Express4Json['verify']>>();
  });
});
