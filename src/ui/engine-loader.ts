// The one door to the SSH-bearing engine: required on first use, so nothing SSH-related runs at activation.
// The build puts the engine in its own file (dist/engine.js), so activation does not even compile it.

export type Engine = typeof import('./engine');
export type PairConnectorHandle = ReturnType<Engine['createPairConnector']>;
export type AsaConnection = Parameters<Engine['createPairConnector']>[0];
export type HostKeyVerifier = AsaConnection['hostKeys'];
export type HostKeyOffer = Parameters<HostKeyVerifier>[0];

let loading: Promise<Engine> | undefined;

export function loadEngine(): Promise<Engine> {
  loading ??= Promise.resolve().then(() => require('./engine') as Engine);
  return loading;
}
