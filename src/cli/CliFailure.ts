/** A CLI step failed for a reason the user can fix (bot not running, wrong credentials). */
export class CliFailure extends Error {}
