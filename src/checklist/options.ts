/** Defaults the rules use when the user sets nothing. */
export const RULE_DEFAULTS = {
  /** NET1: the public web ports (TLS4 catches HTTP that does not redirect). */
  publicPorts: [80, 443] as readonly number[],
};
