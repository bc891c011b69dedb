// Bundled on its own as dist/forge.js, so node-forge is loaded only when a certificate is built.
import * as forge from 'node-forge';
export = forge;
