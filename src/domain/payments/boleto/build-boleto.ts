import type { PaymentSettings } from '../payment-settings';
import {
  BANCO_DO_BRASIL,
  bancoDoBrasilBeneficiaryCode,
  bancoDoBrasilFreeField,
  bancoDoBrasilNossoNumero,
} from './banks/banco-do-brasil';
import { SICOOB, sicoobBeneficiaryCode, sicoobFreeField, sicoobNossoNumero } from './banks/sicoob';
import { barcodeFromParts, digitableLineFromBarcode } from './barcode';
import { BoletoError } from './boleto-error';

export interface BuiltBoleto {
  bankCode: '001' | '756';
  /**
   * The nosso número as stored and as it travels in the barcode and the CNAB files (the retorno key), digits only:
   * BB 17 digits (convênio + sequence, no DV); Sicoob 8 digits (7 + DV).
   */
  nossoNumero: string;
  /** As printed in the "Nosso número" box: BB the 17 digits; Sicoob "0000002-4". */
  nossoNumeroWithDv: string;
  /** "Agência/Código do beneficiário" as printed: BB "4042-8 / 00061900-0", Sicoob "3007 / 0318957". */
  beneficiaryCode: string;
  /** 44 digits. */
  barcode: string;
  /** 47 digits, no punctuation (format with formatDigitableLine for printing). */
  digitableLine: string;
}

/**
 * The boleto numbers for the `sequence`-th title of the configured convênio: nosso número, barcode and
 * linha digitável. `sequence` must be unique per convênio (BB: 1..9 999 999 999; Sicoob: 1..9 999 999).
 */
export function buildBoleto(
  settings: PaymentSettings['boleto'],
  sequence: number,
  amountCents: number,
  dueDate: string,
): BuiltBoleto {
  if (settings.bankCode === BANCO_DO_BRASIL) {
    const nossoNumero = bancoDoBrasilNossoNumero(settings.convenio, sequence);
    const freeField = bancoDoBrasilFreeField(nossoNumero, settings.carteira);
    const barcode = barcodeFromParts({ bankCode: BANCO_DO_BRASIL, dueDate, amountCents, freeField });
    return {
      bankCode: BANCO_DO_BRASIL,
      nossoNumero,
      nossoNumeroWithDv: nossoNumero,
      beneficiaryCode: bancoDoBrasilBeneficiaryCode(settings.agency, settings.account),
      barcode,
      digitableLine: digitableLineFromBarcode(barcode),
    };
  }
  if (settings.bankCode === SICOOB) {
    const nossoNumero = sicoobNossoNumero(settings.agency, settings.convenio, sequence);
    const freeField = sicoobFreeField({
      carteira: settings.carteira,
      cooperativa: settings.agency,
      modalidade: settings.variation,
      clientCode: settings.convenio,
      nossoNumero,
    });
    const barcode = barcodeFromParts({ bankCode: SICOOB, dueDate, amountCents, freeField });
    return {
      bankCode: SICOOB,
      nossoNumero,
      nossoNumeroWithDv: `${nossoNumero.slice(0, 7)}-${nossoNumero.slice(7)}`,
      beneficiaryCode: sicoobBeneficiaryCode(settings.agency, settings.convenio),
      barcode,
      digitableLine: digitableLineFromBarcode(barcode),
    };
  }
  throw new BoletoError(
    `Banco ${String(settings.bankCode)} não suportado para boletos: use 001 (Banco do Brasil) ou 756 (Sicoob).`,
    'configuracao',
  );
}
