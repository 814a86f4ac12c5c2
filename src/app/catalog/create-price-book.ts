import type { Actor } from '../../domain/access/roles';
import { businessDateAt } from '../../domain/calendar/dates';
import type { PriceBookSnapshot } from '../../domain/pricing/catalog';
import {
  type CatalogWarning,
  checkPriceBook,
  checkValidFrom,
  type PriceBookDraft,
} from '../../domain/pricing/catalog-rules';
import { AppError } from '../shared/errors';
import type { AuditLog, Clock } from '../shared/ports';
import type { CatalogRepository } from './ports';

export interface CreatePriceBookDeps {
  catalog: CatalogRepository;
  audit: AuditLog;
  clock: Clock;
}

/** The audit's view of a book: its id and the prices people look at first. */
function keyPrices(book: PriceBookSnapshot) {
  return {
    id: book.id,
    name: book.name,
    valid_from: book.validFrom,
    central_fee_bp: book.centralFeeBp,
    discount_bp: { semestral: book.discountBp.semestral, anual: book.discountBp.anual },
    max_card_installments: { ...book.maxCardInstallments },
    plans: Object.fromEntries(
      book.plans.map((p) => [
        p.code,
        { original_cents: p.originalCents, minimum_cents: p.minimumCents, cost_cents: p.costCents },
      ]),
    ),
  };
}

type AnyItem = PriceBookSnapshot['plans'][number] | PriceBookSnapshot['apps'][number];

/** Which item prices differ from the book being replaced (for the audit trail). */
function priceChanges(before: PriceBookSnapshot, after: PriceBookSnapshot) {
  const key = (kind: string, i: AnyItem) => `${kind}:${i.code}:${i.productCode ?? '*'}`;
  const all = (b: PriceBookSnapshot) =>
    new Map<string, AnyItem>([
      ...b.plans.map((i) => [key('plan', i), i] as const),
      ...b.addons.map((i) => [key('addon', i), i] as const),
      ...b.apps.map((i) => [key('app', i), i] as const),
    ]);
  const old = all(before);
  const changes: Record<string, unknown>[] = [];
  for (const [k, item] of all(after)) {
    const prev = old.get(k);
    old.delete(k);
    if (!prev) {
      changes.push({ item: k, added: true, original_cents: item.originalCents });
      continue;
    }
    for (const f of ['originalCents', 'minimumCents', 'costCents'] as const) {
      if (prev[f] !== item[f]) changes.push({ item: k, field: f, from: prev[f], to: item[f] });
    }
  }
  for (const k of old.keys()) changes.push({ item: k, removed: true });
  return changes;
}

/**
 * A new version of the price book (administrators only). A saved book never changes: editing the prices
 * means a new version that starts on a chosen date, today or later. Proposals keep the book they were
 * priced with. Rule breaks are refused (422, every problem listed); a Mínimo that does not cover
 * custo + taxa da central is only a warning.
 */
export async function createPriceBook(
  deps: CreatePriceBookDeps,
  draft: PriceBookDraft,
  actor: Actor,
  ip?: string | null,
): Promise<{ book: PriceBookSnapshot; warnings: CatalogWarning[] }> {
  if (actor.role !== 'admin')
    throw new AppError('forbidden', 'Só o administrador pode criar uma nova versão da tabela de preços.');
  const name = draft.name.trim();
  if (!name) throw new AppError('validation_failed', 'Informe o nome da tabela de preços.', 'name');

  const today = businessDateAt(deps.clock.now());
  const { errors, warnings } = checkPriceBook(draft);
  const dateProblem = checkValidFrom(draft.validFrom, today);
  if (dateProblem) errors.unshift(dateProblem);
  const first = errors[0];
  if (first) {
    throw new AppError('business_rule', first.message, first.field, {
      errors: errors.map((e) => ({ code: e.code, field: e.field, message: e.message })),
    });
  }

  const before = await deps.catalog.priceBookInForce(draft.validFrom);
  const id = await deps.catalog.createPriceBook({ ...draft, name }, actor.userId);
  const book = await deps.catalog.priceBookById(id);
  if (!book) throw new Error(`tabela de preços ${id} não encontrada depois de gravada`);

  await deps.audit.record({
    actorUserId: actor.userId,
    actorEmail: actor.email,
    action: 'price_book.created',
    entityType: 'price_book',
    entityId: id,
    ip: ip ?? null,
    details: {
      before: before ? keyPrices(before) : null,
      after: keyPrices(book),
      changes: before ? priceChanges(before, book) : [],
      warnings: warnings.map((w) => w.message),
    },
  });
  return { book, warnings };
}
