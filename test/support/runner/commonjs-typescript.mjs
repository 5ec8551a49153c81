/**
 * A Node.js module-loading hook, registered in each test worker by ./worker-setup.mjs.
 *
 * jest-light-runner loads every test file with `import()`, Node's ECMAScript-module loader, which
 * refuses the `.ts` extension. This project's TypeScript compiles to CommonJS (tsconfig.json), so
 * a `.ts` URL is handed to Node's CommonJS loader instead (no source: Node then `require`s the
 * file), where ts-node's require hook compiles it, as it does for `cdk synth`.
 */
export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && /\.ts(\?|$)/.test(url)) {
    return { format: 'commonjs', source: null, shortCircuit: true };
  }
  return nextLoad(url, context);
}
