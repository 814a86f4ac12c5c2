import type { Command } from '../cli-support';

/** Commands: billing schedule. */
export const BILLING_COMMANDS: Record<string, Command> = {};

/** Their lines in `help` (Portuguese), inserted in the Comandos section. */
export const BILLING_USAGE = '';
