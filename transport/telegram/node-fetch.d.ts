// node-fetch 2 (grammY's own HTTP client on Node) ships no types; its default export is fetch-shaped.
declare module 'node-fetch' {
  const fetch: typeof globalThis.fetch;
  export default fetch;
}
