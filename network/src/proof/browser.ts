/**
 * Entry point of the verifier for browsers (bundled by esbuild into build/public/dal-verify.js):
 * exposes `DalVerify.verifyCertificateBundle` on the page.
 */
export { verifyCertificateBundle } from './verify-bundle';
