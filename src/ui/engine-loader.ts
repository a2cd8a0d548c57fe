// The one door to the SSH-bearing engine: a dynamic import, so nothing SSH-related runs at activation.

export type Engine = typeof import('./engine');
export type PairConnectorHandle = ReturnType<Engine['createPairConnector']>;
export type AsaConnection = Parameters<Engine['createPairConnector']>[0];
export type HostKeyVerifier = AsaConnection['hostKeys'];
export type HostKeyOffer = Parameters<HostKeyVerifier>[0];

let loading: Promise<Engine> | undefined;

export function loadEngine(): Promise<Engine> {
  loading ??= import('./engine');
  return loading;
}
