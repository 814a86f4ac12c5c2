/** Which part of a boleto number is wrong, for the UI to highlight and the tests to check. */
export type BoletoField =
  | 'entrada'
  | 'campo1'
  | 'campo2'
  | 'campo3'
  | 'dv'
  | 'moeda'
  | 'vencimento'
  | 'valor'
  | 'banco'
  | 'campoLivre'
  | 'configuracao'
  | 'sequencia';

/** Invalid boleto input or parameters: a pt-BR message for the user and the field at fault. */
export class BoletoError extends Error {
  override readonly name = 'BoletoError';
  constructor(
    message: string,
    readonly field: BoletoField,
  ) {
    super(message);
  }
}
