/** Where a CNAB problem is: the field's name and columns (1-based, inclusive). */
export interface CnabFieldRef {
  label: string;
  start: number;
  end: number;
}

/**
 * A CNAB 240 file or record that cannot be written or read. The message is pt-BR and names the line and the
 * field: "linha 7, campo 'nosso número' (posições 38–57): valor obrigatório em branco".
 */
export class CnabError extends Error {
  constructor(
    message: string,
    /** 1-based line of the file; null when writing. */
    readonly line: number | null,
    readonly field: CnabFieldRef | null,
  ) {
    super(message);
    this.name = 'CnabError';
  }
}
