// The part of `npm run build` tsc does not do: the review UI's static files go next to the
// compiled router, and dist/.built records when the build finished. bin/parapet.js compares
// that time with src/ (tsc's own .tsbuildinfo is not rewritten when nothing changed).
import { cpSync, writeFileSync } from 'node:fs';

cpSync('src/review/static', 'dist/review/static', { recursive: true });
writeFileSync('dist/.built', `${new Date().toISOString()}\n`);
