/** A reseller (Hiperador) as the user use cases see it. */
export interface ResellerRef {
  id: string;
  name: string;
  active: boolean;
}

/** Finds resellers by what an administrator types: the id, the CNPJ (with or without mask) or the exact name. */
export interface ResellerLookup {
  /** Every reseller matching the reference; more than one means the reference is ambiguous. */
  findByReference(reference: string): Promise<ResellerRef[]>;
}

/** Which resellers a gerente de contas looks after. */
export interface AccountManagerAssignments {
  assign(userId: string, resellerIds: readonly string[]): Promise<void>;
}
