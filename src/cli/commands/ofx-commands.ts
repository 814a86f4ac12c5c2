import type { Command } from '../cli-support';

/** Commands: ofx import. */
export const OFX_COMMANDS: Record<string, Command> = {};

/** Their lines in `help` (Portuguese), inserted in the Comandos section. */
export const OFX_USAGE = '';
