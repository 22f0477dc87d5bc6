/**
 * Password policy (等保2.0 identity: complexity, length, no reuse of the current one).
 * Values are policy data; `defaultPasswordPolicy` holds the defaults.
 */
export interface PasswordPolicy {
  minLength: number;
  /** how many of the four classes (lower, upper, digit, symbol) must appear */
  minClasses: number;
  maxFailedLogins: number;
  lockMinutes: number;
  idleTimeoutMinutes: number;
  absoluteTimeoutHours: number;
}

export const defaultPasswordPolicy: PasswordPolicy = {
  minLength: 10,
  minClasses: 3,
  maxFailedLogins: 5,
  lockMinutes: 15,
  idleTimeoutMinutes: 30,
  absoluteTimeoutHours: 12,
};

export interface PasswordProblem {
  zh: string;
  en: string;
}

/** Lists every way `password` breaks the policy; empty when it passes. */
export function checkPassword(password: string, policy: PasswordPolicy, username?: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < policy.minLength) {
    problems.push({ zh: `长度至少 ${policy.minLength} 位`, en: `at least ${policy.minLength} characters` });
  }
  if (length > 128) problems.push({ zh: '长度不能超过 128 位', en: 'at most 128 characters' });
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < policy.minClasses) {
    problems.push({
      zh: `须包含小写字母、大写字母、数字、符号中的至少 ${policy.minClasses} 类`,
      en: `must mix at least ${policy.minClasses} of lower case, upper case, digits and symbols`,
    });
  }
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push({ zh: '不能包含用户名', en: 'must not contain the username' });
  }
  if (/^(.)\1+$/.test(password)) problems.push({ zh: '不能全部为相同字符', en: 'must not repeat one character' });
  return problems;
}
