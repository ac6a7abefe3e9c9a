// `node --import ./bench/support/register-raw-loader.mjs --import tsx bench/run.ts`
import { register } from 'node:module';

register('./raw-loader-hooks.mjs', import.meta.url);
