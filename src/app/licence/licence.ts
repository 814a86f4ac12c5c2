import { AppError } from '../shared/errors';
import type { Clock } from '../shared/ports';
import type { Origin, StoredPdf } from '../signatures/signature-store';
import { signerMatches } from '../signatures/signer-match';
import { notifyContractSigned, type SigningDeps, sealWithEvidence } from '../signatures/signing';
import type { Installation, LicenceStore, PendingContract } from './ports';

/** SPEC §8: "Assinar depois" is allowed 5 times, then the software stays blocked until signed. */
export const MAX_POSTPONEMENTS = 5;

export const LICENCE_MESSAGES = {
  noPending: 'Nenhum contrato pendente de assinatura.',
  mustSign: 'O contrato precisa ser assinado para continuar usando o Hiper.',
  signerMismatch: 'Nome ou CPF não conferem com o responsável indicado no contrato.',
  mustAccept: 'É preciso aceitar os termos do contrato para assinar.',
  alreadySigned: 'Este contrato já foi assinado ou não está mais pendente.',
  noDocument: 'O PDF deste contrato não foi encontrado.',
} as const;

export type LicenceDeps = Pick<
  SigningDeps,
  'signatures' | 'sealer' | 'contractSigned' | 'audit' | 'publicUrl'
> & {
  licence: LicenceStore;
  clock: Clock;
};

export interface LicenceState {
  contract: PendingContract | null;
  postponementsUsed: number;
  postponementsLeft: number;
  mustSign: boolean;
}

function state(contract: PendingContract | null, used: number): LicenceState {
  return {
    contract,
    postponementsUsed: used,
    postponementsLeft: Math.max(0, MAX_POSTPONEMENTS - used),
    mustSign: contract !== null && used >= MAX_POSTPONEMENTS,
  };
}

/** The installation's pending contract (if any) and how many postponements are left. */
export async function licenceContract(
  deps: Pick<LicenceDeps, 'licence'>,
  installation: Installation,
): Promise<LicenceState> {
  const contract = await deps.licence.pendingContract(installation.clientId);
  if (!contract) return state(null, 0);
  return state(contract, await deps.licence.postponements(contract.id));
}

async function pendingOrThrow(deps: Pick<LicenceDeps, 'licence'>, installation: Installation) {
  const contract = await deps.licence.pendingContract(installation.clientId);
  if (!contract) throw new AppError('not_found', LICENCE_MESSAGES.noPending);
  return contract;
}

/** The exact issued PDF of the pending contract. */
export async function licenceContractPdf(
  deps: Pick<LicenceDeps, 'licence' | 'signatures'>,
  installation: Installation,
): Promise<StoredPdf> {
  const contract = await pendingOrThrow(deps, installation);
  const pdf = await deps.signatures.pdf(contract.id, 'contrato');
  if (!pdf) throw new AppError('not_found', LICENCE_MESSAGES.noDocument);
  return pdf;
}

/** "Assinar depois": recorded as evidence while postponements are left; then 422 must_sign. */
export async function postponeLicenceContract(
  deps: Pick<LicenceDeps, 'licence' | 'clock' | 'audit'>,
  installation: Installation,
  origin: Origin,
): Promise<LicenceState> {
  const contract = await pendingOrThrow(deps, installation);
  const done = await deps.licence.postpone(contract.id, MAX_POSTPONEMENTS, deps.clock.now(), origin, {
    channel: 'software',
    api_key_id: installation.apiKeyId,
  });
  if (!done.recorded) {
    throw new AppError('must_sign', LICENCE_MESSAGES.mustSign, undefined, {
      must_sign: true,
      postponements_used: done.used,
      postponements_left: 0,
    });
  }
  await deps.audit.record({
    actorUserId: null,
    actorEmail: null,
    action: 'contract.postponed',
    entityType: 'contract',
    entityId: contract.id,
    ip: origin.ip,
    details: {
      channel: 'software',
      apiKeyId: installation.apiKeyId,
      postponement: done.used,
      userAgent: origin.userAgent,
    },
  });
  return state(contract, done.used);
}

/** The responsável accepts inside the Hiper software: same evidence and sealing as the web ceremony. */
export async function acceptLicenceContract(
  deps: LicenceDeps,
  installation: Installation,
  input: { signer_name: string; signer_cpf: string; accepted: boolean },
  origin: Origin,
): Promise<{ contractId: string; documentId: string; sha256: string; signedAt: Date }> {
  const contract = await pendingOrThrow(deps, installation);
  if (!input.accepted) throw new AppError('business_rule', LICENCE_MESSAGES.mustAccept, 'accepted');
  if (
    !signerMatches(
      { name: input.signer_name, cpf: input.signer_cpf },
      { name: contract.signerName, cpf: contract.signerCpf },
    )
  )
    throw new AppError('business_rule', LICENCE_MESSAGES.signerMismatch, 'signer_cpf');
  const original = await deps.signatures.pdf(contract.id, 'contrato');
  if (!original) throw new AppError('not_found', LICENCE_MESSAGES.noDocument);
  const now = deps.clock.now();
  const done = await deps.signatures.completeSoftwareSignature(
    contract,
    original.sha256,
    now,
    origin,
    { channel: 'software', api_key_id: installation.apiKeyId },
    sealWithEvidence(deps, contract, original.content, original.sha256, now),
  );
  if (!done) throw new AppError('conflict', LICENCE_MESSAGES.alreadySigned);
  await notifyContractSigned(deps, contract.id);
  return { contractId: contract.id, documentId: done.documentId, sha256: done.sha256, signedAt: now };
}
