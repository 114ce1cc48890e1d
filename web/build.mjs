// Bundles the viewer with esbuild into static/dist/, which web.go embeds.
// node build.mjs [--watch]
import * as esbuild from 'esbuild';
import { rm } from 'node:fs/promises';

const outdir = new URL('./static/dist/', import.meta.url).pathname;
await rm(outdir, { recursive: true, force: true });

/** @type {import('esbuild').BuildOptions} */
const options = {
  entryPoints: { app: 'src/main.js' },
  bundle: true,
  splitting: true, // the console (CodeMirror) loads when first opened
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  outdir,
  loader: { '.json': 'json' },
  logLevel: 'info',
  metafile: true,
};

if (process.argv.includes('--watch')) {
  const ctx = await esbuild.context({ ...options, minify: false });
  await ctx.watch();
} else {
  const result = await esbuild.build(options);
  const out = Object.entries(result.metafile.outputs).map(
    ([f, o]) => `${f.replace(/^.*static\//, 'static/')} ${(o.bytes / 1024).toFixed(0)} KiB`,
  );
  console.log(out.join('\n'));
}
