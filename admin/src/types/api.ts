/**
 * The output type of a shared zod schema, read from zod's own internals so the admin gets the contract's types
 * without depending on zod (the schemas live in @fangxin/shared, which does).
 */
export type Output<S> = S extends { _zod: { output: infer O } } ? O : never;

/** Every paginated list the server returns (`pageOf(item)` in shared). */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Query fields every paginated endpoint takes. */
export interface PageQuery {
  page: number;
  pageSize: number;
}
