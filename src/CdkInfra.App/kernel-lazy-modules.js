'use strict';
// Preloaded into the jsii kernel's Node processes by the app (NODE_OPTIONS, Program.RequireModulesLazily): packages
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

// Two packages CDKTF's modules require when they load, and call only for what a synthesis of the app does not do:
// archiver, which CDKTF's file helpers call in one place only, to zip an asset of type ARCHIVE (archiveSync; some
// 60 ms of Node's time to load it and its dependencies); and semver, with which a check compares the version a command
// prints (ValidateBinaryVersion, which CDKTF adds to a stack that moves a resource; some 15 ms). There they are a stand-in
// that loads the package the first time it is called or read.
const onFirstUse = [
  { user: path.join('cdktf', 'lib', 'private', 'fs.js'), id: 'archiver' },
  { user: path.join('cdktf', 'lib', 'validations', 'validate-binary-version.js'), id: 'semver' },
];
const requireModule = Module.prototype.require;

Module.prototype.require = function requireOnFirstUse(id) {
  const filename = typeof this.filename === 'string' ? this.filename : '';
  if (!onFirstUse.some((lazy) => lazy.id === id && filename.endsWith(path.sep + lazy.user))) {
    return requireModule.apply(this, arguments);
  }
  const user = this;
  let loaded;
  const load = () => {
    loaded = loaded || requireModule.call(user, id);
    return loaded;
  };
  // A function, so that a package that is one (archiver) can be called; reading any member loads the package too.
  return new Proxy(function packageOnFirstUse() {}, {
    apply: (target, self, args) => Reflect.apply(load(), self, args),
    get: (target, key) => load()[key],
    has: (target, key) => key in load(),
  });
};
