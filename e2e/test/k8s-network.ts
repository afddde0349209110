import type { Yaml } from './k8s-render.js';

// NetworkPolicy semantics for k8s-security.e2e-spec.ts, as far as these manifests use them:
// matchLabels and `In` selectors, namespace selectors by kubernetes.io/metadata.name, IPv4 ipBlocks.
const namespace = 'saga-shop';

/** matchLabels and `In` expressions; any other operator is reported instead of guessed at. */
export function selects(selector: Yaml, labels: Record<string, string>): boolean {
  const expressions: Yaml[] = selector?.matchExpressions ?? [];
  if (expressions.some((expression) => expression.operator !== 'In'))
    throw new Error(`matchExpressions not modelled: ${JSON.stringify(selector)}`);
  return (
    Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value) &&
    expressions.every(({ key, values }) => key in labels && values.includes(labels[key]))
  );
}

export const labelText = (labels: Record<string, string> = {}) =>
  Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .sort()
    .join(',');

function peerText(peer: Yaml): string {
  if (peer.ipBlock) return `ip ${peer.ipBlock.cidr} except ${(peer.ipBlock.except ?? []).join(',')}`;
  const ns = peer.namespaceSelector ? `ns{${labelText(peer.namespaceSelector.matchLabels)}} ` : '';
  if (peer.podSelector?.matchExpressions || peer.namespaceSelector?.matchExpressions)
    return JSON.stringify(peer);
  return `${ns}pods{${labelText(peer.podSelector?.matchLabels)}}`;
}

/** A rule's peers times its ports; an absent list means "all", written out so it shows. */
export function ruleText(peers: Yaml[] | undefined, ports: Yaml[] | undefined): string[] {
  const portTexts = (ports ?? [{ port: 'any' }]).map((p: Yaml) => `${p.port}/${p.protocol ?? 'TCP'}`);
  return (peers?.length ? peers.map(peerText) : ['anywhere']).flatMap((peer) =>
    portTexts.map((port) => `${peer} ${port}`),
  );
}

/**
 * Whether a peer admits a pod of this namespace with these labels (without labels: any of its
 * pods). Pods have private addresses, so an ipBlock admits them unless it excepts those ranges.
 */
export function reachesNamespacePods(peer: Yaml, labels?: Record<string, string>): boolean {
  if (peer.ipBlock) return privateRanges.some((range) => coversPart(peer.ipBlock, range));
  const namespaceLabels = { 'kubernetes.io/metadata.name': namespace };
  const inNamespace = !peer.namespaceSelector || selects(peer.namespaceSelector, namespaceLabels);
  return inNamespace && (labels === undefined || selects(peer.podSelector, labels));
}

// Pod and Service addresses come from these ranges on common distributions.
const privateRanges = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];
function cidr(text: string): [number, number] {
  const [address = '', bits = '32'] = text.split('/');
  const value = address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
  return [value, Number(bits)];
}
function contains(outer: string, inner: string): boolean {
  const [[outerAddress, outerBits], [innerAddress, innerBits]] = [cidr(outer), cidr(inner)];
  const block = 2 ** (32 - outerBits);
  return innerBits >= outerBits && Math.floor(innerAddress / block) === Math.floor(outerAddress / block);
}
/** Whether an ipBlock admits some address of `range`: it overlaps it and does not except all of it. */
function coversPart(ipBlock: Yaml, range: string): boolean {
  const overlaps = contains(ipBlock.cidr, range) || contains(range, ipBlock.cidr);
  return overlaps && !(ipBlock.except ?? []).some((except: string) => contains(except, range));
}
