/** Cobranças: every charge the user may see, with filters; staff issue and settle charges here. */
export function ChargesPanel() {
  return null;
}
