import { type Actor, isStaff } from '../../domain/access/roles';
import { formatDateBR } from '../../domain/calendar/dates';
import {
  allowedContractKinds,
  type ContractKind,
  contractKindRefusal,
} from '../../domain/contracts/contract-rules';
import { usesCard } from '../../domain/pricing/catalog';
import type { ClientDetail, ClientRepository } from '../clients/ports';
import type { EmailOutbox } from '../email/ports';
import { type CardStore, sendCardRegistrationLink } from '../payments/card-registration';
import type { ProposalRepository } from '../proposals/ports';
import { today, visibleProposal } from '../proposals/proposal-support';
import { AppError, notFound } from '../shared/errors';
import type { AuditLog, Clock } from '../shared/ports';
import type { SignatureStore } from '../signatures/signature-store';
import { sendSigningLink } from '../signatures/signing';
import type { ContractDocumentRenderer, ContractRepository, IssuedContract } from './ports';

export const RESPONSIBLE_MISSING_MESSAGE =
  'Cadastre o responsável pela assinatura (nome, CPF e e-mail) antes de emitir o contrato.';

/** What an e-mail says; the adapter (src/adapters/email/email-layout.ts) lays it out as HTML and text. */
export interface EmailContent {
  title: string;
  paragraphs: string[];
  button?: { label: string; url: string };
  footer: string;
}

export interface ContractDeps {
  contracts: ContractRepository;
  proposals: ProposalRepository;
  clients: ClientRepository;
  contractPdf: ContractDocumentRenderer;
  outbox: EmailOutbox;
  renderEmail: (content: EmailContent) => { html: string; text: string };
  clock: Clock;
  /** The portal's public address, for links in e-mails (PUBLIC_URL). */
  publicUrl: string;
  signatures: SignatureStore;
  /** Card formas: the card registration link is e-mailed too (src/app/payments/card-registration.ts). */
  cards?: CardStore;
  audit?: AuditLog;
}

/** The kinds this client may get now, the default first. */
export async function contractKindsFor(
  deps: Pick<ContractDeps, 'contracts'>,
  actor: Actor,
  client: ClientDetail,
): Promise<ContractKind[]> {
  return allowedContractKinds({
    hasSignedContract: await deps.contracts.hasSignedContract(client.id),
    paidThrough: client.paidThrough,
    staff: isStaff(actor.role),
  });
}

/**
 * Issues a contract version from a proposal that is ready (pronta para contrato) and still valid, for a
 * client with a complete responsável. The version, the PDF and the audit are written in one transaction;
 * then the responsável gets the e-mail (through the outbox).
 */
export async function issueContract(
  deps: ContractDeps,
  actor: Actor,
  proposalId: string,
  input: { kind?: ContractKind | null | undefined },
  ip?: string | null,
): Promise<IssuedContract> {
  const proposal = await visibleProposal(deps, actor, proposalId);
  if (proposal.status !== 'pronta_para_contrato') {
    throw new AppError(
      'business_rule',
      proposal.status === 'cancelada'
        ? `A proposta ${proposal.number} está cancelada: não é possível emitir contrato.`
        : `A proposta ${proposal.number} ainda não está pronta para contrato: marque-a como pronta antes de emitir.`,
      'proposal_id',
    );
  }
  const issuedOn = today(deps.clock);
  if (issuedOn > proposal.validUntil) {
    throw new AppError(
      'business_rule',
      `A proposta ${proposal.number} venceu em ${formatDateBR(proposal.validUntil)}: atualize os preços antes de emitir o contrato.`,
      'valid_until',
    );
  }
  const client = await deps.clients.findVisible(actor, proposal.client.id);
  if (!client) throw notFound('Cliente');
  if (client.status === 'cancelado') {
    throw new AppError(
      'business_rule',
      `O cliente ${client.legalName} está cancelado: não é possível emitir contrato.`,
      'client_id',
    );
  }
  const missing = [
    client.responsibleName ? null : 'responsible_name',
    client.responsibleCpf ? null : 'responsible_cpf',
    client.responsibleEmail ? null : 'responsible_email',
  ].filter((f): f is string => f !== null);
  if (missing.length > 0) {
    throw new AppError('business_rule', RESPONSIBLE_MISSING_MESSAGE, missing[0]);
  }

  const kindCtx = {
    hasSignedContract: await deps.contracts.hasSignedContract(client.id),
    paidThrough: client.paidThrough,
    staff: isStaff(actor.role),
  };
  const kind = input.kind ?? allowedContractKinds(kindCtx)[0] ?? 'ativacao';
  const refusal = contractKindRefusal(kind, kindCtx);
  if (refusal) throw new AppError('business_rule', refusal, 'kind');

  const issued = await deps.contracts.issue(
    {
      clientId: client.id,
      resellerId: client.resellerId,
      proposalId: proposal.id,
      priceBookId: proposal.priceBookId,
      kind,
      configuration: proposal.configuration,
      pricing: proposal.pricing,
      keepPaidThrough: kind === 'migracao' ? client.paidThrough : null,
      issuedBy: actor.userId,
      actorEmail: actor.email,
      ip: ip ?? null,
      issuedOn,
    },
    (draft) => deps.contractPdf.render(draft),
  );

  // The responsável gets a personal signing link (token stored hashed, 7 days) by e-mail.
  await sendSigningLink(
    deps,
    {
      contractId: issued.id,
      number: issued.number,
      version: issued.version,
      kind,
      documentSha256: issued.sha256,
      clientLegalName: client.legalName,
      resellerId: client.resellerId,
      resellerName: client.resellerName,
      signerName: client.responsibleName!,
      signerEmail: client.responsibleEmail!,
      notes: issued.replaced
        ? [
            `Esta versão substitui a versão ${issued.replaced.version}, que foi cancelada: o link anterior não vale mais.`,
          ]
        : [],
    },
    { ip: ip ?? null, userAgent: null },
  );
  // A card forma: the client also gets the card registration link. Best effort: the contract is issued
  // either way, and the link can be sent again from the client page.
  if (usesCard(proposal.pricing.payment.method) && deps.cards && deps.audit) {
    await sendCardRegistrationLink(
      { ...deps, cards: deps.cards, audit: deps.audit },
      actor,
      client.id,
      ip,
    ).catch(() => undefined);
  }
  return issued;
}
