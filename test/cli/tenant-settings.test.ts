/**
 * The rules a tenant's settings follow (gateway/domain/tenant-settings.ts), shared by `tandem
 * tenant` and the updateTenant mutation: each mistake is one line naming the setting and value.
 */
import { describe, expect, it } from 'vitest';
import {
  checkCurrency,
  checkFiscalYearStart,
  checkHolidays,
  checkTenantId,
  checkTenantSettings,
  checkTimeZone,
  formatBusinessHours,
  parseBusinessHours,
  TenantSettingError,
  tenantEnvPart,
} from '../../gateway/domain/tenant-settings.js';

function refusal(work: () => unknown): { code: string; field: string; message: string } {
  try {
    work();
  } catch (error) {
    if (!(error instanceof TenantSettingError)) throw error;
    expect(error.message.split('\n')).toHaveLength(1);
    return { code: error.code, field: error.field, message: error.message };
  }
  throw new Error('expected a refusal');
}

describe('tenant settings', () => {
  it('takes ids of lower-case words joined by single dashes, which name its variables', () => {
    for (const id of ['acme', 'nordlicht-gmbh', 'a1', 'globex-2026-eu']) expect(checkTenantId(id)).toBe(id);
    for (const id of [
      'Acme',
      'a',
      'acme_eu',
      '1acme',
      'acme-',
      '-acme',
      'acme--eu',
      'acme.eu',
      'x'.repeat(41),
    ])
      expect(refusal(() => checkTenantId(id)).code, id).toBe('BAD_TENANT_ID');
    expect(refusal(() => checkTenantId('Acme')).message).toBe(
      "tenant id 'Acme' must be 2–40 lower-case letters or digits, words joined by single dashes, starting with a letter (e.g. acme or nordlicht-gmbh)",
    );
    expect(tenantEnvPart('nordlicht-gmbh')).toBe('NORDLICHT_GMBH');
  });

  it('takes IANA zones as IANA spells them, and suggests the closest for a near miss', () => {
    expect(checkTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(checkTimeZone('UTC')).toBe('UTC');
    expect(refusal(() => checkTimeZone('Europe/berlin'))).toEqual({
      code: 'BAD_TIME_ZONE',
      field: 'timeZone',
      message: "unknown time zone 'Europe/berlin': did you mean Europe/Berlin?",
    });
    expect(refusal(() => checkTimeZone('America/New_Yrok')).message).toBe(
      "unknown time zone 'America/New_Yrok': did you mean America/New_York?",
    );
    expect(refusal(() => checkTimeZone('Mars/Olympus_Mons')).message).toBe(
      "unknown time zone 'Mars/Olympus_Mons' (an IANA name such as Europe/Berlin or America/New_York)",
    );
  });

  it('takes ISO 4217 codes only', () => {
    expect(checkCurrency('EUR')).toBe('EUR');
    expect(refusal(() => checkCurrency('eur')).message).toBe(
      "'eur' is not an ISO 4217 currency code: did you mean EUR?",
    );
    expect(refusal(() => checkCurrency('EURO'))).toEqual({
      code: 'BAD_CURRENCY',
      field: 'currency',
      message: "'EURO' is not an ISO 4217 currency code (a three-letter code such as EUR or USD)",
    });
    expect(refusal(() => checkCurrency('ABC')).code).toBe('BAD_CURRENCY');
  });

  it('takes a fiscal year start from 1 to 12', () => {
    expect(checkFiscalYearStart(4)).toBe(4);
    for (const month of [0, 13, 4.5, Number.NaN])
      expect(refusal(() => checkFiscalYearStart(month)).code).toBe('BAD_FISCAL_YEAR_START');
    expect(refusal(() => checkFiscalYearStart(13)).message).toBe(
      "fiscal year start must be a month number from 1 (January) to 12, got '13'",
    );
  });

  it('reads business hours as days then whole hours, and writes them back the same way', () => {
    expect(parseBusinessHours('Mon-Fri 09:00-17:00')).toEqual({
      days: [1, 2, 3, 4, 5],
      startHour: 9,
      endHour: 17,
    });
    expect(parseBusinessHours('sun-thu 8:00-16:00')).toEqual({
      days: [1, 2, 3, 4, 7],
      startHour: 8,
      endHour: 16,
    });
    expect(parseBusinessHours('Mon,Wed,Fri-Sat 10:00-24:00')).toEqual({
      days: [1, 3, 5, 6],
      startHour: 10,
      endHour: 24,
    });
    for (const text of [
      'Mon-Fri 09:00-17:00',
      'Sun-Thu 08:00-16:00',
      'Mon,Wed,Fri 10:00-14:00',
      'Mon-Sun 00:00-24:00',
    ])
      expect(formatBusinessHours(parseBusinessHours(text))).toBe(text);
    const expected =
      "expected days then hours, such as 'Mon-Fri 09:00-17:00' or 'Sun-Thu 08:00-16:00' or 'Mon,Wed,Fri 10:00-14:00' (whole hours)";
    expect(refusal(() => parseBusinessHours('9-5'))).toEqual({
      code: 'BAD_BUSINESS_HOURS',
      field: 'businessHours',
      message: `business hours '9-5': ${expected}`,
    });
    expect(refusal(() => parseBusinessHours('Mon-Fry 09:00-17:00')).message).toBe(
      `business hours 'Mon-Fry 09:00-17:00': unknown day in 'mon-fry' (${expected})`,
    );
    expect(refusal(() => parseBusinessHours('Mon-Fri 08:30-17:00')).message).toBe(
      `business hours 'Mon-Fri 08:30-17:00': hours must be whole (${expected})`,
    );
    expect(refusal(() => parseBusinessHours('Mon-Fri 17:00-09:00')).message).toBe(
      "business hours 'Mon-Fri 17:00-09:00': opening must come before closing, within 00:00–24:00",
    );
  });

  it('takes holidays that exist, sorted and once each', () => {
    expect(checkHolidays(['2026-12-25', '2026-12-24', '2026-12-25'])).toEqual(['2026-12-24', '2026-12-25']);
    expect(refusal(() => checkHolidays(['2026-12-24', '2026-02-31']))).toEqual({
      code: 'BAD_HOLIDAY',
      field: 'holidays',
      message: "holiday '2026-02-31' is not a date YYYY-MM-DD that exists (e.g. 2026-12-24)",
    });
    expect(refusal(() => checkHolidays(['24.12.2026'])).code).toBe('BAD_HOLIDAY');
  });

  it('checks only what is given, and refuses an empty or control-character name', () => {
    expect(checkTenantSettings({ currency: 'CHF' })).toEqual({ currency: 'CHF' });
    expect(checkTenantSettings({ name: '  Nordlicht GmbH ', fiscalYearStart: 4 })).toEqual({
      name: 'Nordlicht GmbH',
      fiscalYearStart: 4,
    });
    expect(refusal(() => checkTenantSettings({ name: ' ' })).code).toBe('BAD_NAME');
    expect(refusal(() => checkTenantSettings({ name: 'A\u0000B' })).message).toBe(
      "name must be 1–200 characters of text, got 'A\\u0000B' contains the control character U+0000",
    );
  });
});
