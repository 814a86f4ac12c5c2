import type { Command } from '../cli-support';

/** Commands: pix decode. */
export const PIX_COMMANDS: Record<string, Command> = {};

/** Their lines in `help` (Portuguese), inserted in the Comandos section. */
export const PIX_USAGE = '';
