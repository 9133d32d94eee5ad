/** Moving between stores writes only into an empty one: merging two ledgers is not a copy. */
export class StoreNotEmptyError extends Error {}
