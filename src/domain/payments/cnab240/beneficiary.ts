import type { PaymentSettings } from '../payment-settings';
import { CnabError } from './cnab-error';
import { type CnabBankCode, isCnabBankCode } from './layouts';

/** Who sends the remessa / receives the retorno: the beneficiário's bank account and convênio. */
export interface CnabBeneficiary {
  bankCode: CnabBankCode;
  name: string;
  /** CNPJ (14) or CPF (11), no punctuation. */
  document: string;
  /** Agência, digits, no DV. */
  agency: string;
  /** Conta corrente, digits, no DV. */
  account: string;
  /** DV of the account ('X' allowed). */
  accountDv: string;
  /** BB: convênio (7 digits). Sicoob: código do beneficiário. */
  convenio: string;
  /** BB: '17'. Sicoob: '1'. */
  carteira: string;
  /** BB: variação da carteira (3 digits). Sicoob: modalidade ('01'). */
  variation: string;
}

/** The beneficiary of the configured boleto account (PaymentSettings, see src/domain/payments/payment-settings.ts). */
export function beneficiaryFromSettings(settings: PaymentSettings): CnabBeneficiary {
  const b = settings.boleto;
  if (!isCnabBankCode(b.bankCode)) {
    throw new CnabError(`Banco ${b.bankCode} não tem CNAB 240 configurado (use 001 ou 756).`, null, null);
  }
  const account = b.account.replace(/[^0-9Xx]/g, '').toUpperCase();
  return {
    bankCode: b.bankCode,
    name: settings.beneficiary.name,
    document: settings.beneficiary.document.replace(/[^0-9A-Za-z]/g, '').toUpperCase(),
    agency: b.agency.replace(/\D/g, ''),
    account: account.slice(0, -1),
    accountDv: account.slice(-1),
    convenio: b.convenio.replace(/\D/g, ''),
    carteira: b.carteira,
    variation: b.variation,
  };
}

/** '1' CPF, '2' CNPJ (FEBRABAN G005). */
export function documentType(document: string): '1' | '2' {
  return document.length === 11 ? '1' : '2';
}
