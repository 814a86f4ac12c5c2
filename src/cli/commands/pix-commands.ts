import { decodeBrCode, PixError } from '../../domain/payments/pix/br-code';
import { CliFailure, type Command, HELP_OPTION } from '../cli-support';

/** Commands: pix decode. */
export const PIX_COMMANDS: Record<string, Command> = {
  'pix decode': {
    options: HELP_OPTION,
    // A payload pasted without quotes arrives split at its spaces ("Fulano de Tal"): join them back.
    positionals: { min: 1, max: 64 },
    async run(_values, _io, positionals) {
      let decoded: ReturnType<typeof decodeBrCode>;
      try {
        decoded = decodeBrCode(positionals.join(' '));
      } catch (err) {
        if (err instanceof PixError) throw new CliFailure(err.message);
        throw err;
      }
      if (!decoded.crcValid) {
        throw new CliFailure(`CRC inválido: esperado ${decoded.expectedCrc}, encontrado ${decoded.crc}.`);
      }
      return {
        crc_valid: decoded.crcValid,
        key: decoded.key,
        url: decoded.url,
        amount_cents: decoded.amountCents,
        merchant_name: decoded.merchantName,
        merchant_city: decoded.merchantCity,
        txid: decoded.txid,
      };
    },
  },
};

/** Their lines in `help` (Portuguese), inserted in the Comandos section. */
export const PIX_USAGE = `  pix decode P         Decodifica um BR Code Pix ("copia e cola"; use aspas, pois ele pode
                       ter espaços): chave ou URL de location, valor em centavos (null se o
                       pagador digita), nome e cidade do recebedor e txid. Confere o CRC16:
                       CRC errado ou BR Code malformado → erro e código de saída 1.
`;
