// `npm run build`: the web app and the server bundle.
import { ensureDependencies, ensureServerBuilt, ensureWebBuilt } from './lib.mjs';

ensureDependencies();
ensureWebBuilt();
await ensureServerBuilt();
