import type { Command } from '../cli-support';

/** Commands: billing run. */
export const BILLING_RUN_COMMANDS: Record<string, Command> = {};

/** Their lines in `help` (Portuguese), inserted in the Comandos section. */
export const BILLING_RUN_USAGE = '';
