/** The data folder holds names and notes: only the bot's own user may read it. */
export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;
