/**
 * Entry point of the verifier for browsers (bundled by esbuild into build/public/dal-verify.js):
 * exposes `DalVerify.verifyCertificateBundle`, `DalVerify.verifyProvenanceDossier` and
 * `DalVerify.verifyDocument` (either, told apart by its type) on the page.
 */
export { verifyCertificateBundle } from './verify-bundle';
export { verifyProvenanceDossier } from './verify-dossier';
export { verifyDocument } from './verify-document';
