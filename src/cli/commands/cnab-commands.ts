import type { Command } from '../cli-support';

/** Commands: cnab remessa, cnab retorno. */
export const CNAB_COMMANDS: Record<string, Command> = {};

/** Their lines in `help` (Portuguese), inserted in the Comandos section. */
export const CNAB_USAGE = '';
