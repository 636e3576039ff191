// The npm package third-party-web (the trace engine's list of known
// third-party domains, installed beside it by npm ci) as the ES module the
// engine imports in a browser: the package is CommonJS, which a page cannot
// import, so this runs its own code and data, fetched from node_modules,
// with the module object CommonJS expects. Its entry point,
// lib/index.js, is these two lines.
const base = new URL('./node_modules/third-party-web/', import.meta.url);
const [source, entities] = await Promise.all([
  fetch(new URL('lib/create-entity-finder-api.js', base)).then(r => r.text()),
  fetch(new URL('dist/entities.json', base)).then(r => r.json()),
]);
const module = {exports: {}};
new Function('module', 'exports', source)(module, module.exports);
export default module.exports.createAPIFromDataset(entities);
