import { type Actor, isStaff } from '../../domain/access/roles';
import { AppError, notFound } from '../shared/errors';
import type { AuditLog } from '../shared/ports';

/** A product and the Hiperador's share of its implantação fee (SPEC §7; 10000 bp = all of it). */
export interface ProductSetupShare {
  code: string;
  name: string;
  setupFeeResellerBp: number;
}

export interface ProductShareRepository {
  /** Every product, in the catalog's order. */
  listProductShares(): Promise<ProductSetupShare[]>;
  /** Sets the share; returns the value before and after, or null when there is no such product. */
  setSetupFeeResellerBp(code: string, bp: number): Promise<{ before: number; after: number } | null>;
}

export interface ProductSetupShareDeps {
  productShares: ProductShareRepository;
  audit: AuditLog;
}

/** 10000 → "100%", 7000 → "70%", 3333 → "33,33%" (pt-BR, up to 2 decimals). */
export function shareLabel(bp: number): string {
  return `${(bp / 100).toLocaleString('pt-BR', { maximumFractionDigits: 2 })}%`;
}

/** The products and the implantação split of each (staff). */
export async function listProductSetupShares(
  deps: Pick<ProductSetupShareDeps, 'productShares'>,
  actor: Actor,
): Promise<ProductSetupShare[]> {
  if (!isStaff(actor.role)) throw new AppError('forbidden', 'Acesso restrito à equipe Hiper.');
  return deps.productShares.listProductShares();
}

/**
 * Changes the Hiperador's share of a product's implantação fee (administrators only). It applies to the
 * implantações paid from then on: the repasse ledger's lines already written never change (each line keeps
 * the figures it was accrued with). Recorded in the audit log with the value before and after.
 */
export async function setProductSetupShare(
  deps: ProductSetupShareDeps,
  input: { productCode: string; resellerBp: number },
  actor: Actor,
  ip?: string | null,
): Promise<ProductSetupShare & { previousBp: number }> {
  if (actor.role !== 'admin')
    throw new AppError(
      'forbidden',
      'Só o administrador pode alterar a participação do Hiperador na implantação.',
    );
  const bp = input.resellerBp;
  if (!Number.isFinite(bp) || bp < 0 || bp > 10000)
    throw new AppError(
      'validation_failed',
      'A participação do Hiperador na implantação deve estar entre 0% e 100%.',
      'reseller_bp',
    );
  if (!Number.isInteger(bp))
    throw new AppError(
      'validation_failed',
      'Informe a participação com no máximo duas casas decimais (em pontos-base: um número inteiro de 0 a 10000).',
      'reseller_bp',
    );

  const changed = await deps.productShares.setSetupFeeResellerBp(input.productCode, bp);
  if (!changed) throw notFound('Produto');
  const product = (await deps.productShares.listProductShares()).find((p) => p.code === input.productCode);
  if (!product) throw notFound('Produto');

  await deps.audit.record({
    actorUserId: actor.userId,
    actorEmail: actor.email,
    action: 'product.setup_fee_share_changed',
    entityType: 'product',
    entityId: product.code,
    ip: ip ?? null,
    details: {
      product: product.code,
      before: { setup_fee_reseller_bp: changed.before, label: shareLabel(changed.before) },
      after: { setup_fee_reseller_bp: changed.after, label: shareLabel(changed.after) },
      applies_to: 'implantações pagas a partir desta alteração',
    },
  });
  return { ...product, setupFeeResellerBp: changed.after, previousBp: changed.before };
}
