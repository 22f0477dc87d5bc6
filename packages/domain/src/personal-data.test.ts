import { describe, expect, it } from 'vitest';
import { maskEmail, maskIdNumber, maskName, maskPhone, phoneTail, validIdNumber } from './personal-data.ts';

describe('masks for personal data', () => {
  it('phone numbers keep the first three and the last four digits', () => {
    expect(maskPhone('13800001234')).toBe('138****1234');
    expect(maskPhone('0914-4321234')).toBe('091*****1234');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone(null)).toBeNull();
  });
  it('names keep the surname', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('李*');
    expect(maskName('')).toBeNull();
  });
  it('identity numbers keep the region and the last four', () => {
    expect(maskIdNumber('610123199001011234')).toBe('6101**********1234');
    expect(maskIdNumber('123')).toBe('***');
  });
  it('e-mail keeps the first letter and the domain', () => {
    expect(maskEmail('someone@example.org')).toBe('s******@example.org');
  });
  it('phone tail and identity check digit', () => {
    expect(phoneTail('138-0000-1234')).toBe('1234');
    expect(phoneTail('12')).toBeNull();
    expect(validIdNumber('11010519491231002X')).toBe(true);
    expect(validIdNumber('110105194912310021')).toBe(false);
    expect(validIdNumber('61012319900101')).toBe(false);
  });
});
