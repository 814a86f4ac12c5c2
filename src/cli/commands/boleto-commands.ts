import type { Command } from '../cli-support';

/** Commands: boleto decode, doc validate, calendar next-business-day. */
export const BOLETO_COMMANDS: Record<string, Command> = {};

/** Their lines in `help` (Portuguese), inserted in the Comandos section. */
export const BOLETO_USAGE = '';
