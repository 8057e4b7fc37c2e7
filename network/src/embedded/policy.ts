/**
 * Signature policies: Fabric's policy language (`OutOf(2, 'A.peer', 'B.peer')`, `AND`, `OR`)
 * compiled to a common.SignaturePolicyEnvelope, and evaluation of an envelope against the
 * identities that signed, following common/cauthdsl/cauthdsl.go (each signer satisfies at
 * most one principal; NOutOf tries its rules in order).
 */
import { common, msp } from '@hyperledger/fabric-protos';
import type { MspRegistry, PrincipalRole, ValidatedIdentity } from '../protocol/msp';

export class PolicyParseError extends Error {
  override readonly name = 'PolicyParseError';
}

const ROLE_TO_PROTO: Record<PrincipalRole, msp.MSPRole.MSPRoleTypeMap[keyof msp.MSPRole.MSPRoleTypeMap]> = {
  member: msp.MSPRole.MSPRoleType.MEMBER,
  admin: msp.MSPRole.MSPRoleType.ADMIN,
  client: msp.MSPRole.MSPRoleType.CLIENT,
  peer: msp.MSPRole.MSPRoleType.PEER,
  orderer: msp.MSPRole.MSPRoleType.ORDERER,
};
const PROTO_TO_ROLE = new Map<number, PrincipalRole>(Object.entries(ROLE_TO_PROTO).map(([k, v]) => [v, k as PrincipalRole]));

type Node = { kind: 'principal'; mspId: string; role: PrincipalRole } | { kind: 'outOf'; n: number; rules: Node[] };

/** Compiles a policy string in Fabric's syntax to a serialized SignaturePolicyEnvelope. */
export function compilePolicy(text: string): Uint8Array {
  const ast = parse(text);
  const principals: { mspId: string; role: PrincipalRole }[] = [];
  const indexOf = (p: { mspId: string; role: PrincipalRole }): number => {
    let i = principals.findIndex((q) => q.mspId === p.mspId && q.role === p.role);
    if (i < 0) i = principals.push(p) - 1;
    return i;
  };
  const build = (node: Node): common.SignaturePolicy => {
    const sp = new common.SignaturePolicy();
    if (node.kind === 'principal') {
      sp.setSignedBy(indexOf(node));
    } else {
      const nOf = new common.SignaturePolicy.NOutOf();
      nOf.setN(node.n);
      nOf.setRulesList(node.rules.map(build));
      sp.setNOutOf(nOf);
    }
    return sp;
  };
  const rule = build(ast);
  const env = new common.SignaturePolicyEnvelope();
  env.setVersion(0);
  env.setRule(rule);
  env.setIdentitiesList(
    principals.map((p) => {
      const role = new msp.MSPRole();
      role.setMspIdentifier(p.mspId);
      role.setRole(ROLE_TO_PROTO[p.role]);
      const principal = new msp.MSPPrincipal();
      principal.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
      principal.setPrincipal(role.serializeBinary());
      return principal;
    }),
  );
  return env.serializeBinary();
}

export interface CompiledPolicy {
  /** True when the signers satisfy the policy. */
  evaluate(signers: readonly ValidatedIdentity[]): boolean;
  /** Organisations named by the policy's principals, in order of first appearance. */
  readonly organizations: readonly string[];
  /** A smallest set of organisations whose peers would satisfy the policy (for endorsement plans). */
  minimalPeerOrganizations(preferred: readonly string[]): string[] | undefined;
  /**
   * Every set of organisations whose peers satisfy the policy and none of whose proper subsets
   * does, in the policy's organisation order: the layouts a discovery service offers for it.
   */
  peerLayouts(): string[][];
}

/** Decodes a serialized SignaturePolicyEnvelope into an evaluator. */
export function loadPolicy(envelopeBytes: Uint8Array, msps: MspRegistry): CompiledPolicy {
  const env = common.SignaturePolicyEnvelope.deserializeBinary(envelopeBytes);
  const principals = env.getIdentitiesList().map((p) => {
    if (p.getPrincipalClassification() !== msp.MSPPrincipal.Classification.ROLE) {
      throw new PolicyParseError('only ROLE principals are supported');
    }
    const role = msp.MSPRole.deserializeBinary(p.getPrincipal_asU8());
    const name = PROTO_TO_ROLE.get(role.getRole());
    if (!name) throw new PolicyParseError(`unknown MSP role ${role.getRole()}`);
    return { mspId: role.getMspIdentifier(), role: name };
  });
  const root = env.getRule();
  if (!root) throw new PolicyParseError('policy envelope has no rule');
  const toNode = (sp: common.SignaturePolicy): Node => {
    if (sp.hasNOutOf()) {
      const n = sp.getNOutOf()!;
      return { kind: 'outOf', n: n.getN(), rules: n.getRulesList().map(toNode) };
    }
    const p = principals[sp.getSignedBy()];
    if (!p) throw new PolicyParseError(`signed_by ${sp.getSignedBy()} is out of range`);
    return { kind: 'principal', ...p };
  };
  const ast = toNode(root);

  const evalNode = (node: Node, signers: readonly ValidatedIdentity[], used: boolean[]): boolean => {
    if (node.kind === 'principal') {
      for (let i = 0; i < signers.length; i++) {
        if (used[i]) continue;
        if (msps.satisfies(signers[i]!, node.mspId, node.role)) {
          used[i] = true;
          return true;
        }
      }
      return false;
    }
    let verified = 0;
    const scratch = [...used];
    for (const rule of node.rules) {
      const trial = [...scratch];
      if (evalNode(rule, signers, trial)) {
        verified++;
        for (let i = 0; i < trial.length; i++) scratch[i] = trial[i]!;
      }
    }
    if (verified >= node.n) {
      for (let i = 0; i < scratch.length; i++) used[i] = scratch[i]!;
      return true;
    }
    return false;
  };

  const organizations = [...new Set(principals.map((p) => p.mspId))];

  return {
    evaluate(signers) {
      const dedup = dedupe(signers);
      return evalNode(ast, dedup, new Array<boolean>(dedup.length).fill(false));
    },
    organizations,
    minimalPeerOrganizations: (preferred) => smallestSatisfying(ast, organizations, preferred),
    peerLayouts() {
      const layouts: string[][] = [];
      const pick: string[] = [];
      const rec = (start: number): void => {
        if (pick.length > 0 && satisfiedByOrgs(ast, new Set(pick), new Set())) {
          // minimal: dropping any one organisation breaks it (a superset of a layout is not one)
          if (pick.every((o) => !satisfiedByOrgs(ast, new Set(pick.filter((x) => x !== o)), new Set()))) layouts.push([...pick]);
          return;
        }
        for (let i = start; i < organizations.length; i++) {
          pick.push(organizations[i]!);
          rec(i + 1);
          pick.pop();
        }
      };
      rec(0);
      return layouts;
    },
  };
}

/**
 * The fewest organisations to add to `required` so that their peers satisfy a policy written in
 * Fabric's syntax, taken from `preferred` first; returns `required` plus those, or undefined
 * when no addition can. Needs no MSPs: for clients that plan endorsements themselves.
 */
export function completePeerOrganizations(policyText: string, required: readonly string[], preferred: readonly string[]): string[] | undefined {
  const ast = parse(policyText);
  const base = [...new Set(required)];
  const candidates = [...new Set([...preferred, ...principalsOf(ast)])].filter((o) => !base.includes(o));
  for (let size = 0; size <= candidates.length; size++) {
    const found = firstSubset(candidates, size, (extra) => satisfiedByOrgs(ast, new Set([...base, ...extra]), new Set()));
    if (found) return [...base, ...found];
  }
  return undefined;
}

function principalsOf(node: Node): string[] {
  return node.kind === 'principal' ? [node.mspId] : node.rules.flatMap(principalsOf);
}

function smallestSatisfying(ast: Node, organizations: readonly string[], preferred: readonly string[]): string[] | undefined {
  const ordered = [...new Set([...preferred.filter((o) => organizations.includes(o)), ...organizations])];
  // Smallest subsets first, preferred organisations first within a size: endorsement plans stay small.
  for (let size = 1; size <= ordered.length; size++) {
    const found = firstSubset(ordered, size, (set) => satisfiedByOrgs(ast, new Set(set), new Set()));
    if (found) return found;
  }
  return undefined;
}

/** A peer of org X satisfies principals X.peer and X.member; each organisation's peer counts once. */
function satisfiedByOrgs(node: Node, orgs: ReadonlySet<string>, used: Set<string>): boolean {
  if (node.kind === 'principal') {
    if ((node.role === 'peer' || node.role === 'member') && orgs.has(node.mspId) && !used.has(node.mspId)) {
      used.add(node.mspId);
      return true;
    }
    return false;
  }
  let verified = 0;
  for (const rule of node.rules) if (satisfiedByOrgs(rule, orgs, used)) verified++;
  return verified >= node.n;
}

function firstSubset(items: readonly string[], size: number, ok: (s: string[]) => boolean): string[] | undefined {
  const pick: string[] = [];
  const rec = (start: number): string[] | undefined => {
    if (pick.length === size) return ok(pick) ? [...pick] : undefined;
    for (let i = start; i < items.length; i++) {
      pick.push(items[i]!);
      const r = rec(i + 1);
      pick.pop();
      if (r) return r;
    }
    return undefined;
  };
  return rec(0);
}

function dedupe(signers: readonly ValidatedIdentity[]): ValidatedIdentity[] {
  const seen = new Set<string>();
  return signers.filter((s) => (seen.has(s.certificate) ? false : (seen.add(s.certificate), true)));
}

// ---- parser for Fabric's policy language (common/policydsl/policyparser.go) ----

function parse(text: string): Node {
  let i = 0;
  const src = text.trim();
  const ws = (): void => {
    while (i < src.length && /\s/.test(src[i]!)) i++;
  };
  const expect = (ch: string): void => {
    ws();
    if (src[i] !== ch) throw new PolicyParseError(`expected '${ch}' at ${i} in policy ${text}`);
    i++;
  };
  const parseExpr = (): Node => {
    ws();
    if (src[i] === "'" || src[i] === '"') {
      const q = src[i++]!;
      const end = src.indexOf(q, i);
      if (end < 0) throw new PolicyParseError(`unterminated principal in policy ${text}`);
      const principal = src.slice(i, end);
      i = end + 1;
      const dot = principal.lastIndexOf('.');
      const mspId = principal.slice(0, dot);
      const role = principal.slice(dot + 1).toLowerCase() as PrincipalRole;
      if (dot <= 0 || !(role in ROLE_TO_PROTO)) throw new PolicyParseError(`bad principal '${principal}' in policy ${text}`);
      return { kind: 'principal', mspId, role };
    }
    const m = /^(AND|OR|OutOf)\s*\(/i.exec(src.slice(i));
    if (!m) throw new PolicyParseError(`expected AND, OR, OutOf or a quoted principal at ${i} in policy ${text}`);
    const op = m[1]!.toLowerCase();
    i += m[0].length;
    let n = -1;
    if (op === 'outof') {
      ws();
      const num = /^\d+/.exec(src.slice(i));
      if (!num) throw new PolicyParseError(`OutOf needs a number at ${i} in policy ${text}`);
      n = Number(num[0]);
      i += num[0].length;
      expect(',');
    }
    const rules: Node[] = [parseExpr()];
    ws();
    while (src[i] === ',') {
      i++;
      rules.push(parseExpr());
      ws();
    }
    expect(')');
    if (op === 'and') n = rules.length;
    if (op === 'or') n = 1;
    if (n < 0 || n > rules.length) throw new PolicyParseError(`OutOf(${n}) has only ${rules.length} rules in policy ${text}`);
    return { kind: 'outOf', n, rules };
  };
  const node = parseExpr();
  ws();
  if (i !== src.length) throw new PolicyParseError(`unexpected text at ${i} in policy ${text}`);
  return node;
}
