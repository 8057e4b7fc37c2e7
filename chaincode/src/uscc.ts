/**
 * Entity codes that may appear as `dal.entity` and as right holders.
 *
 * An enterprise is identified by its unified social credit code (统一社会信用代码, GB 32100-2015):
 * 18 characters over a 31-symbol alphabet (no I, O, Z, S, V) whose last character is a
 * check digit. A natural person is identified by `np:<city code>:<hash>`: the 6-digit
 * administrative-division code of the registry that enrolled them (e.g. 321200, Taizhou) and a
 * salted SHA-256 of their ID (64 lowercase hex), so a raw personal ID number never reaches the
 * ledger. The city code binds the person to a registry as a USCC's division code binds an
 * enterprise (see mayVouchForEntity); the former `np:<hash>` form is no longer valid.
 */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** The shape of a USCC (its check character is checked by isValidUscc, not by the shape). */
export const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
/** A natural person: `np:<6-digit city code of the enrolling registry>:<64 hex salted hash>`. */
export const NATURAL_PERSON_PATTERN = /^np:(\d{6}):[0-9a-f]{64}$/;
const USCC_SHAPE = USCC_PATTERN;
const NATURAL_PERSON = NATURAL_PERSON_PATTERN;

/** The longest valid entity: `np:` + 6-digit city code + `:` + 64 hex. */
export const MAX_ENTITY_LENGTH = 74;

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

/**
 * The administrative-division code an entity is bound to: characters 3–8 of a USCC, or the
 * city code of an `np:<city code>:<hash>` natural person; undefined for anything invalid.
 */
export function divisionCodeOf(entity: string): string | undefined {
  if (isValidUscc(entity)) return entity.slice(2, 8);
  return NATURAL_PERSON.exec(entity)?.[1];
}

/** True for a valid enterprise USCC or a natural person's `np:<city code>:<hash>`. */
export function isValidEntity(entity: string): boolean {
  return isValidUscc(entity) || isNaturalPersonEntity(entity);
}
