'use strict';
// Preloaded into the jsii kernel's Node processes by the app (NODE_OPTIONS, Program.RequireProviderLazily): where a
// module resolves to the Databricks provider package's main module, lib/index.js, which loads every one of the
// package's 249 resource and data source modules, Node takes the package's own lib/lazy-index.js instead: the same
// exports, each module loaded the first time it is used. Anything else resolves as before.
const fs = require('fs');
const Module = require('module');
const path = require('path');

const main = path.join(path.sep, '@cdktf', 'provider-databricks', 'lib', 'index.js');
const resolve = Module._resolveFilename;

Module._resolveFilename = function resolveProviderLazily(request, ...rest) {
  const resolved = resolve.call(this, request, ...rest);
  if (typeof resolved === 'string' && resolved.endsWith(main)) {
    const lazy = path.join(path.dirname(resolved), 'lazy-index.js');
    if (fs.existsSync(lazy)) {
      return lazy;
    }
  }
  return resolved;
};
