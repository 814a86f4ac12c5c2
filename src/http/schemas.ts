import { z } from 'zod';
import { ROLES } from '../domain/access/roles';

export const ErrorBody = z
  .object({
    code: z.string().describe('Código estável do erro, para programas'),
    message: z.string().describe('Mensagem em português, para pessoas'),
    field: z.string().optional().describe('Campo com problema, quando for o caso'),
    minimum_monthly_cents: z
      .number()
      .int()
      .optional()
      .describe('Com `below_minimum`: o menor valor mensal permitido, em centavos'),
  })
  .describe('Erro');

/** The error responses a route may give, for the OpenAPI document. */
export function errorResponses(...statuses: (400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 423 | 429)[]) {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody])) as Record<number, typeof ErrorBody>;
}

export const MeBody = z.object({
  user: z.object({
    id: z.string().uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    reseller: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
  }),
  csrf_token: z.string().describe('Envie no cabeçalho X-CSRF-Token de toda requisição que altera dados'),
});

/** `page` and `page_size` query parameters of every paginated list. */
export function pageQuery(maxPageSize: number) {
  return {
    page: z.coerce.number().int().min(1).default(1),
    page_size: z.coerce.number().int().min(1).max(maxPageSize).default(20),
  };
}

/** The body of a paginated list: `{ items, total, page, page_size }`. */
export function pageBody<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
  });
}

/** A use case's page, mapped item by item into the API's shape. */
export function pageToJson<T, U>(
  page: { items: T[]; total: number; page: number; pageSize: number },
  map: (item: T) => U,
) {
  return { items: page.items.map(map), total: page.total, page: page.page, page_size: page.pageSize };
}
