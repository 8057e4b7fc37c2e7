/**
 * Entity codes that may appear as `dal.entity` and as right holders.
 *
 * An enterprise is identified by its unified social credit code (统一社会信用代码, GB 32100-2015):
 * 18 characters over a 31-symbol alphabet (no I, O, Z, S, V) whose last character is a
 * check digit. A natural person is identified by `np:` + a salted SHA-256 (64 lowercase hex),
 * so a raw personal ID number never reaches the ledger.
 */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const NATURAL_PERSON = /^np:[0-9a-f]{64}$/;

/** The GB 32100 check character for the first 17 characters, or undefined if one is outside the alphabet. */
export function usccCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) return undefined;
    sum += value * (USCC_WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET.charAt(check);
}

export function isValidUscc(code: string): boolean {
  if (!USCC_SHAPE.test(code)) return false;
  return usccCheckCharacter(code.slice(0, 17)) === code.charAt(17);
}

export function isNaturalPersonEntity(entity: string): boolean {
  return NATURAL_PERSON.test(entity);
}

/** True for a valid enterprise USCC or a natural person's `np:` hash. */
export function isValidEntity(entity: string): boolean {
  return isValidUscc(entity) || isNaturalPersonEntity(entity);
}
