// Lint config.
//
// Every TypeScript source gets typescript-eslint's recommended rules. The folders listed in
// STRICT additionally get the rules hyperledger/fabric-gateway's Node client lints itself with:
// strict-type-checked (type-aware), explicit return types on functions, and a complexity limit
// of 10. A folder joins STRICT once it is clean; eslint-config-prettier switches off anything
// that would fight the formatter.
//
// Still to clean: strict-type-checked + return-type + complexity findings per folder, counted
// when this was set up (issue 10):
//   network/src/embedded 108, network/src/proof 50, network/src/fabric 35, network/src/consortium.ts 9,
//   network/src/ledger-integrity.ts 4,
//   gateway/src 81 (31 restrict-template-expressions, 19 no-non-null-assertion, 10 complexity, 21 others),
//   scripts 92, test 1954 (1506 of them no-unsafe-* on `any` from JSON bodies and chai assertions).
// In chaincode/src and network/src/protocol only the functions in COMPLEXITY_PENDING remain over
// the complexity limit.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const STRICT = ['chaincode/src/**/*.ts', 'network/src/protocol/**/*.ts'];

// Functions over the complexity limit, file by file, until each is split. The rule stays on
// everywhere else in STRICT, so nothing new can cross the limit.
const COMPLEXITY_PENDING = [
  'chaincode/src/contracts/certificate-contract.ts', // Apply 11
  'chaincode/src/contracts/grant-contract.ts', // Check 11
  'chaincode/src/model/consortium.ts', // normaliseDefinition's per-organisation arrow 17
  'chaincode/src/model/grant.ts', // parseGrantRequest 15
  'chaincode/src/rules/grant.ts', // grantEffect 11, typeRules 11, chainBasis 13
  'chaincode/src/store/certificates.ts', // saveCertificate 14
  'network/src/protocol/msp.ts', // createMspRegistry's deserialize 11
  'network/src/protocol/transaction.ts', // decodeTransaction 29
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'build/**', 'chaincode/dist/**', '**/*.js', '**/*.mjs', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  ...tseslint.configs.strictTypeChecked.map((config) => ({ ...config, files: STRICT })),
  {
    files: STRICT,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/explicit-function-return-type': ['error', { allowExpressions: true }],
      complexity: ['error', 10],
    },
  },
  ...(COMPLEXITY_PENDING.length > 0 ? [{ files: COMPLEXITY_PENDING, rules: { complexity: 'off' } }] : []),
  prettier,
);
