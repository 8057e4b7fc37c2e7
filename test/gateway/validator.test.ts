import { expect } from 'chai';
import { InputError } from '../../gateway/src/http/errors';
import { ref, schemas } from '../../gateway/src/openapi/schemas';
import { createRequestValidator } from '../../gateway/src/openapi/validator';

// A small schema set shaped like the certificate application, plus the published ones.
const testSchemas = {
  ...schemas,
  Fingerprint: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  Application: {
    type: 'object',
    required: ['name', 'fingerprint'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 1 },
      fingerprint: ref('Fingerprint'),
      rights: { type: 'array', items: { type: 'object', required: ['type'], properties: { type: { enum: ['holding', 'processing', 'operating'] } } } },
      publicityDays: { type: 'integer', minimum: 0, maximum: 30, default: 10 },
    },
  },
  IdParams: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^\\d{6}-\\d{4}-\\d{6}$' } } },
};

function inputError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('request validator', function () {
  const validator = createRequestValidator(testSchemas);
  const fingerprint = 'a'.repeat(64);

  it('accepts a valid body and fills in defaults', function () {
    expect(validator.validate('body', 'Application', { name: 'x', fingerprint })).to.deep.equal({ name: 'x', fingerprint, publicityDays: 10 });
  });

  it('names the failing field, following $refs between schemas', function () {
    expect(inputError(() => validator.validate('body', 'Application', { name: 'x', fingerprint: 'nope' }))).to.equal(
      '/fingerprint must match pattern "^[0-9a-f]{64}$"',
    );
    expect(inputError(() => validator.validate('body', 'Application', { name: 'x', fingerprint, rights: [{ type: 'owning' }] }))).to.match(
      /^\/rights\/0\/type must be equal to one of the allowed values/,
    );
  });

  it('names a missing field and a field that is not allowed', function () {
    expect(inputError(() => validator.validate('body', 'Application', { name: 'x' }))).to.equal('/fingerprint is required');
    expect(inputError(() => validator.validate('body', 'Application', { name: 'x', fingerprint, owner: 'me' }))).to.equal('/owner is not allowed');
  });

  it('refuses a missing body and a body of the wrong type', function () {
    expect(inputError(() => validator.validate('body', 'Application', undefined))).to.equal('a JSON request body is required');
    expect(inputError(() => validator.validate('body', 'Application', ['x']))).to.equal('/ must be object');
  });

  it('does not coerce body types: a number sent as a string is refused', function () {
    expect(inputError(() => validator.validate('body', 'Application', { name: 'x', fingerprint, publicityDays: '5' }))).to.equal(
      '/publicityDays must be integer',
    );
  });

  it('coerces query strings to the published types, applies defaults, and names the parameter that fails', function () {
    expect(validator.validate('query', 'PageQuery', { limit: '20' })).to.deep.equal({ limit: 20 });
    expect(validator.validate('query', 'PageQuery', {})).to.deep.equal({ limit: 50 });
    expect(inputError(() => validator.validate('query', 'PageQuery', { limit: '501' }))).to.equal('query parameter limit must be <= 500');
    expect(inputError(() => validator.validate('query', 'PageQuery', { limit: ['1', '2'] }))).to.equal('query parameter limit must be integer');
  });

  it('names a path parameter that fails', function () {
    expect(inputError(() => validator.validate('path', 'IdParams', { id: '../etc' }))).to.equal(
      'path parameter id must match pattern "^\\d{6}-\\d{4}-\\d{6}$"',
    );
  });

  it('names every alternative when none of an anyOf of required fields is given', function () {
    const published = createRequestValidator();
    expect(inputError(() => published.validate('query', 'GrantListQuery', { limit: '5' }))).to.equal('one of the query parameters assetId, grantee, grantor is required');
    expect(published.validate('query', 'GrantListQuery', { grantor: '91320900MA2DEF341G' })).to.deep.equal({ grantor: '91320900MA2DEF341G', limit: 50 });
  });

  it('reports every problem of a body in `errors`, each with a pointer, the first also as the detail', function () {
    let error: InputError | undefined;
    try {
      validator.validate('body', 'Application', { fingerprint: 'nope', rights: [{ type: 'owning' }], owner: 'me' });
    } catch (err) {
      error = err as InputError;
    }
    expect(error).to.be.instanceOf(InputError);
    expect(error!.message).to.equal('/name is required');
    expect(error!.errors?.map((e) => [e.pointer, e.detail])).to.deep.equal([
      ['#/name', '/name is required'],
      ['#/owner', '/owner is not allowed'],
      ['#/fingerprint', '/fingerprint must match pattern "^[0-9a-f]{64}$"'],
      ['#/rights/0/type', '/rights/0/type must be equal to one of the allowed values'],
    ]);
    // An anyOf is one problem, named by its alternatives; a query problem names its parameter.
    const published = createRequestValidator();
    try {
      published.validate('query', 'GrantListQuery', { limit: '0' });
    } catch (err) {
      error = err as InputError;
    }
    expect(error!.errors).to.deep.equal([
      { detail: 'one of the query parameters assetId, grantee, grantor is required' },
      { detail: 'query parameter limit must be >= 1', parameter: 'limit' },
    ]);
  });

  it('compiles every published schema', function () {
    const published = createRequestValidator();
    for (const name of Object.keys(schemas)) {
      // Compiling happens on first use; a broken schema throws something other than an InputError.
      try {
        published.validate('body', name, {});
      } catch (err) {
        expect(err, name).to.be.instanceOf(InputError);
      }
    }
  });
});
