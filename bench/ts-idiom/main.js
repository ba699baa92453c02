'use strict';
// The CDKTF TypeScript idiom of the app's output, for the benchmark (bench/synth-bench.py --idiom): one construct per
// resource instance, no for_each, each resource type's class imported from its own module of the provider package
// (`@cdktf/provider-databricks/lib/user`, as the provider's documentation shows), the same cdktf and provider
// packages as the app's bindings (node_modules). Plain JavaScript, what tsc emits for such a program: the time holds
// no TypeScript compilation. The work comes from a plan (bench/ts-idiom/plan.py) that lists what the app synthesized,
// as a TypeScript program reads its roster and loops over it; references between instances are construct
// attributes (tokens), as such a program writes them.
//
// Usage: CDKTF_OUTDIR=DIR node bench/ts-idiom/main.js PLAN.json
const fs = require('fs');
const { App, AssetType, DataResource, LocalBackend, TerraformAsset, TerraformLocal, TerraformOutput, TerraformStack } = require('cdktf');

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const classes = new Map();

// The binding class of a Terraform type, from the provider package's module for that one type.
function classOf(type, data) {
  const key = `${data ? 'data.' : ''}${type}`;
  if (!classes.has(key)) {
    if (type === 'terraform_data') {
      classes.set(key, DataResource);
    } else {
      const file = data ? `data-${type}` : type.replace(/^databricks_/, '');
      const module = require(`@cdktf/provider-databricks/lib/${file.replace(/_/g, '-')}`);
      const found = Object.values(module).find((c) => typeof c === 'function' && c.tfResourceType === type);
      if (!found) {
        throw new Error(`no class for ${key}`);
      }
      classes.set(key, found);
    }
  }
  return classes.get(key);
}

const app = new App();
for (const s of plan.stacks) {
  const stack = new TerraformStack(app, s.name);
  for (const [name, blocks] of Object.entries(s.provider)) {
    const Provider = require(`@cdktf/provider-databricks/lib/provider`).DatabricksProvider;
    if (name !== 'databricks') {
      throw new Error(`provider ${name}`);
    }
    blocks.forEach((config, i) => new Provider(stack, i === 0 ? 'databricks' : `databricks_${i}`, config));
  }
  if (s.backend.local) {
    new LocalBackend(stack, s.backend.local);
  }
  const named = (construct, plan) => {
    if (plan.logicalId) {
      construct.overrideLogicalId(plan.logicalId);
    }
    return construct;
  };
  for (const asset of s.assets) {
    named(new TerraformAsset(stack, asset.id, { path: asset.path, type: asset.directory ? AssetType.DIRECTORY : AssetType.FILE }), asset);
  }
  for (const local of s.locals) {
    named(new TerraformLocal(stack, local.id, local.value), local);
  }
  const byBlock = new Map();
  for (const d of s.data) {
    const Data = classOf(d.type, true);
    byBlock.set(d.block, [named(new Data(stack, d.id, d.config), d)]);
  }
  const byAddress = new Map();
  const resolve = (value) => {
    if (Array.isArray(value)) {
      return value.map(resolve);
    }
    if (value && typeof value === 'object') {
      if (value.$ref !== undefined) {
        return byAddress.get(value.$ref)[value.attribute];
      }
      const result = {};
      for (const [k, v] of Object.entries(value)) {
        if (k !== '$dependsOn') {
          result[k] = resolve(v);
        }
      }
      return result;
    }
    return value;
  };
  for (const r of s.resources) {
    const Resource = classOf(r.type, false);
    const config = resolve(r.config);
    if (r.config.$dependsOn) {
      config.dependsOn = r.config.$dependsOn.flatMap((block) => byBlock.get(block) ?? []);
    }
    const construct = named(new Resource(stack, r.id, config), r);
    byAddress.set(r.address, construct);
    if (!byBlock.has(r.block)) {
      byBlock.set(r.block, []);
    }
    byBlock.get(r.block).push(construct);
  }
  for (const output of s.outputs) {
    named(new TerraformOutput(stack, output.id, output.output), output);
  }
}
app.synth();
