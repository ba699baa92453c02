'use strict';
// Preloaded into the jsii kernel's Node processes by the app (NODE_OPTIONS, Program.RequireModulesLazily): two packages
// whose loading costs the kernel's start time for code a synthesis of the app does not run load on first use instead.
// Anything else loads as before, and the synthesized output is the same.
const fs = require('fs');
const Module = require('module');
const path = require('path');

// The Databricks provider package's main module, lib/index.js, loads every one of the package's 249 resource and data
// source modules; where a module resolves to it, Node takes the package's own lib/lazy-index.js instead: the same
// exports, each module loaded the first time it is used.
const providerMain = path.join(path.sep, '@cdktf', 'provider-databricks', 'lib', 'index.js');
const resolve = Module._resolveFilename;

Module._resolveFilename = function resolveProviderLazily(request, ...rest) {
  const resolved = resolve.call(this, request, ...rest);
  if (typeof resolved === 'string' && resolved.endsWith(providerMain)) {
    const lazy = path.join(path.dirname(resolved), 'lazy-index.js');
    if (fs.existsSync(lazy)) {
      return lazy;
    }
  }
  return resolved;
};

// CDKTF's file helpers (cdktf/lib/private/fs.js) require the archiver package when they load, with every other module
// of CDKTF, and call it in one place only: archiveSync, which zips an asset of type ARCHIVE. Loading archiver and its
// dependencies takes some 60 ms of Node's time; there it is a function that loads archiver on its first call.
const archiverUser = path.join(path.sep, 'cdktf', 'lib', 'private', 'fs.js');
const requireModule = Module.prototype.require;

Module.prototype.require = function requireArchiverLazily(id) {
  if (id !== 'archiver' || typeof this.filename !== 'string' || !this.filename.endsWith(archiverUser)) {
    return requireModule.apply(this, arguments);
  }
  const user = this;
  let archiver;
  return function archiverOnFirstCall(...args) {
    archiver = archiver || requireModule.call(user, id);
    return archiver.apply(this, args);
  };
};
