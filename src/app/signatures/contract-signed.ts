/**
 * What happens after a contract is signed (the billing issue implements it: first charge, activation).
 * Called after the signing transaction committed; a failure there does not undo the signature.
 */
export interface ContractSignedListener {
  onContractSigned(contractId: string): Promise<void>;
}

/** Until billing exists, a signed contract only moves the client (done in the signing transaction). */
export const noopContractSignedListener: ContractSignedListener = {
  async onContractSigned() {},
};
