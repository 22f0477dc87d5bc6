/**
 * Masks for petitioners' personal data (R-PUB-3): lists and every reader without the right to the
 * full value see 138****1234, 张*, 6101**********1234. Masking is done on the server; the full
 * value leaves it only for a declared action, and each such read is audited.
 */

/** 13800001234 → 138****1234; short or odd numbers keep at most their last 2 characters. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const s = phone.replace(/\s/g, '');
  if (s.length >= 11) return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
  if (s.length >= 7) return `${'*'.repeat(s.length - 4)}${s.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, s.length - 2))}${s.slice(-2)}`;
}

/** 张三 → 张*, 欧阳娜娜 → 欧***, John Smith → J*********. */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return null;
  const chars = [...name.trim()];
  if (chars.length === 0) return null;
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** 610123199001011234 → 6101**********1234 (the region of issue and the last four stay). */
export function maskIdNumber(id: string | null | undefined): string | null {
  if (!id) return null;
  const s = id.replace(/\s/g, '');
  if (s.length < 8) return '*'.repeat(s.length);
  return `${s.slice(0, 4)}${'*'.repeat(s.length - 8)}${s.slice(-4)}`;
}

/** a.person@example.org → a*******@example.org */
export function maskEmail(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.indexOf('@');
  if (at <= 0) return '*'.repeat(email.length);
  return `${email[0]}${'*'.repeat(Math.max(1, at - 1))}${email.slice(at)}`;
}

/** The last four digits of a phone number, as a citizen types them to look a case up. */
export function phoneTail(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits.length >= 4 ? digits.slice(-4) : null;
}

/** A resident identity number (GB 11643-1999): 17 digits and a check character. */
export function validIdNumber(id: string): boolean {
  const s = id.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(s[i]), 0);
  return '10X98765432'[sum % 11] === s[17];
}
