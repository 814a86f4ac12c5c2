/** The two Hiper products sold through the Central de Cobranças (SPEC §3). */
export const PRODUCT_CODES = ['hiper-mini', 'hiper-gestao'] as const;
export type ProductCode = (typeof PRODUCT_CODES)[number];

export const PRODUCT_NAMES: Record<ProductCode, string> = {
  'hiper-mini': 'Hiper Mini',
  'hiper-gestao': 'Hiper Gestão',
};

export function isProductCode(code: string): code is ProductCode {
  return (PRODUCT_CODES as readonly string[]).includes(code);
}

/** 'hiper-mini' → 'Hiper Mini'; null when the client has no product yet. */
export function productLabel(code: string | null): string | null {
  if (!code) return null;
  return isProductCode(code) ? PRODUCT_NAMES[code] : code;
}
