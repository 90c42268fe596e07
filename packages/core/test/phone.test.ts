import { describe, expect, it } from 'vitest';
import { getCountries, type CountryCode as LibraryCountryCode } from 'libphonenumber-js';
import { isValidPhoneNumber, samePhoneNumber, toE164, type CountryCode } from '@callwire/core';

/** True when A and B are the same set of values (checked by the type checker, `pnpm typecheck`). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('CountryCode', () => {
  it('is our own copy of libphonenumber-js\'s list (so our declarations need not import its ESM-only types)', () => {
    const same: Same<CountryCode, LibraryCountryCode> = true;
    const everyRegion: readonly CountryCode[] = getCountries();
    expect(same).toBe(true);
    for (const region of everyRegion) expect(toE164('+14155550123', region)).toBe('+14155550123');
  });
});

describe('toE164', () => {
  it('reads national, international and prefixed forms of one number the same', () => {
    for (const written of ['09631084471', '+919631084471', '919631084471', '+91 96310 84471', 'whatsapp:+919631084471']) {
      expect(toE164(written, 'IN'), written).toBe('+919631084471');
    }
  });
  it('reads national numbers in the given region', () => {
    expect(toE164('(415) 555-0123', 'US')).toBe('+14155550123');
    expect(toE164('+14155550123', 'IN')).toBe('+14155550123');
  });
  it('refuses text that is not a possible number', () => {
    expect(toE164('not a number')).toBeUndefined();
    expect(toE164('12')).toBeUndefined();
    expect(toE164('')).toBeUndefined();
  });
  it('tells valid numbers from merely possible ones', () => {
    expect(toE164('+1 123 456 7890')).toBe('+11234567890'); // the right length…
    expect(isValidPhoneNumber('+1 123 456 7890')).toBe(false); // …but no area code starts with 1
    expect(isValidPhoneNumber('+14155550123')).toBe(true);
    expect(isValidPhoneNumber('+919876543210')).toBe(true);
  });
  it('answers a number read before the same way, per region, past the remembered numbers too', () => {
    for (let round = 0; round < 2; round++) {
      expect(toE164('09631084471', 'IN')).toBe('+919631084471');
      expect(toE164('09631084471', 'US')).toBeUndefined();
      expect(toE164('12', 'IN')).toBeUndefined();
      for (let n = 0; n < 5_000; n++) expect(toE164(`+1415555${String(n).padStart(4, '0')}`, 'IN')).toBe(`+1415555${String(n).padStart(4, '0')}`);
    }
  });
  it('compares numbers after normalising both', () => {
    expect(samePhoneNumber('09631084471', '+919631084471')).toBe(true);
    expect(samePhoneNumber('09631084471', '09876543210')).toBe(false);
  });
});
