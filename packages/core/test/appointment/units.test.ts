import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '@callwire/core';
import { buildIcs } from '../../src/appointment/ics.js';
import { base32hex, eventIdFor } from '../../src/appointment/keys.js';
import { icsLines, icsValue } from './harness.js';

describe('event ids', () => {
  it('are base32hex (RFC 4648 test vectors) and stable per job key', () => {
    expect(base32hex(Buffer.from('foobar'))).toBe('cpnmuoj1e8');
    expect(base32hex(Buffer.from('f'))).toBe('co');
    expect(eventIdFor('appointments', 'k1')).toBe(eventIdFor('appointments', 'k1'));
    expect(eventIdFor('appointments', 'k1')).not.toBe(eventIdFor('appointments', 'k2'));
    expect(eventIdFor('appointments', 'k1')).toMatch(/^[0-9a-v]{32}$/);
  });
});

describe('iCalendar', () => {
  it('escapes text, folds long lines at 75 octets without splitting UTF-8, and uses CRLF', () => {
    const ics = buildIcs({
      uid: 'x@callwire', method: 'REQUEST', sequence: 0, start: '2026-11-24T23:00:00Z', end: '2026-11-24T23:30:00Z', stamp: 0,
      summary: 'Call; about, things', description: `Line one\n${'é'.repeat(80)}`, organizer: { email: 'a@b.test', name: 'A "B"' },
    });
    const lines = icsLines(ics);
    expect(icsValue(lines, 'SUMMARY')).toBe('Call\\; about\\, things');
    expect(icsValue(lines, 'DESCRIPTION')).toBe(`Line one\\n${'é'.repeat(80)}`);
    expect(icsValue(lines, 'ORGANIZER')).toBe('mailto:a@b.test');
    expect(lines).toContain('ORGANIZER;CN="A B":mailto:a@b.test');
  });
});

describe('html', () => {
  it('escapes interpolations but not nested fragments', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(html`<p>${'<i>'}${html`<b>${'&'}</b>`}</p>`.value).toBe('<p>&lt;i&gt;<b>&amp;</b></p>');
  });
});
