#!/usr/bin/env node
// Writes the Terraform schema of databricks/databricks (the provider version the pinned @cdktf/provider-databricks
// package was generated from) as JSON, in the shape of `terraform providers schema -json`.
//
// The npm package is the only copy of the provider's schema on this machine (the provider binary cannot be
// downloaded), so the schema is read back from the generated JavaScript:
//  - `X.tfResourceType = "databricks_..."` and the base class (TerraformResource / TerraformDataSource) name a type;
//  - `synthesizeHclAttributes()` (top level) and `xToHclTerraform(struct)` (nested) list every settable attribute
//    with isBlock, type (simple/list/set/map/struct) and storageClassType;
//  - a setter with a `resetX()` is optional, a setter without reset is required, a getter without setter is computed;
//  - a computed-only structure is `new XList(this, "name", wrapsSet)` or `new XOutputReference(this, "name")`.
// What the generated code cannot tell (optional+computed, defaults, force-new) is in overrides.json.
//
// Usage: node generate-schema.mjs <node_modules/@cdktf/provider-databricks> <out.json>
import fs from "node:fs";
import path from "node:path";

const [packageDir, outFile] = process.argv.slice(2);
if (!packageDir || !outFile) {
  console.error("usage: generate-schema.mjs <provider package dir> <out.json>");
  process.exit(2);
}
const libDir = path.join(packageDir, "lib");
const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8"));

function readModule(dir) {
  let text = fs.readFileSync(path.join(dir, "index.js"), "utf8");
  const structs = path.join(dir, "index-structs");
  if (fs.existsSync(structs)) {
    for (const f of fs.readdirSync(structs).sort()) if (f.endsWith(".js")) text += "\n" + fs.readFileSync(path.join(structs, f), "utf8");
  }
  return text;
}

// Bodies of top-level classes and functions: compiled output closes them with "}" at column 0.
function bodies(text, headerRe) {
  const out = new Map();
  for (const m of text.matchAll(headerRe)) {
    const start = m.index;
    const end = text.indexOf("\n}\n", start);
    out.set(m[1], { header: m, body: text.slice(start, end < 0 ? text.length : end) });
  }
  return out;
}

const primitive = { string: "string", number: "number", boolean: "bool" };
const getterType = {
  getStringAttribute: "string",
  getNumberAttribute: "number",
  getBooleanAttribute: "bool",
  getListAttribute: ["list", "string"],
  getNumberListAttribute: ["list", "number"],
  getStringMapAttribute: ["map", "string"],
  getNumberMapAttribute: ["map", "number"],
  getBooleanMapAttribute: ["map", "bool"],
};

function lowerFirst(s) { return s.charAt(0).toLowerCase() + s.slice(1); }
function upperFirst(s) { return s.charAt(0).toUpperCase() + s.slice(1); }

function analyseModule(text) {
  const classes = bodies(text, /^class (\w+)(?: extends ([\w.]+))? \{/gm);
  const functions = bodies(text, /^function (\w+)ToHclTerraform\(struct\) \{/gm);

  // Members of a class: getters (with the snake name they read), setters, resets, puts and field constructions.
  function members(className) {
    const c = classes.get(className);
    if (!c) return null;
    const body = c.body;
    const getters = new Map();
    for (const m of body.matchAll(/\n    get (\w+)\(\) \{\n([\s\S]*?)\n    \}/g)) {
      const inner = m[2];
      let g = inner.match(/return (?:cdktf\.Fn\.tolist\()?this\.(get\w+Attribute)\('([\w]+)'\)/);
      if (g) { getters.set(m[1], { kind: "primitive", getter: g[1], snake: g[2], set: /Fn\.tolist/.test(inner) }); continue; }
      g = inner.match(/return this\._(\w+);/);
      if (g) getters.set(m[1], { kind: "field", field: g[1] });
    }
    const setters = new Set([...body.matchAll(/\n    set (\w+)\(value\)/g)].map(m => m[1]));
    const resets = new Set([...body.matchAll(/\n    reset(\w+)\(\)/g)].map(m => lowerFirst(m[1])));
    const puts = new Set([...body.matchAll(/\n    put(\w+)\(value\)/g)].map(m => lowerFirst(m[1])));
    const fields = new Map();
    for (const m of body.matchAll(/this\._(\w+) = new ([\w.]+)\(this, "(\w+)"(?:, (true|false))?\)/g)) {
      const cls = m[2].startsWith("cdktf.") ? m[2] : m[2].split(".").at(-1);
      fields.set(m[1], { cls, snake: m[3], wrapsSet: m[4] === "true" });
    }
    return { body, getters, setters, resets, puts, fields };
  }

  function settableEntries(source) {
    const out = [];
    const re = /\n\s+(\w+): \{\n\s+value: ([\s\S]*?),\n\s+isBlock: (true|false),\n\s+type: "(\w+)",\n\s+storageClassType: "(\w+)",\n\s+\}/g;
    for (const m of source.matchAll(re)) {
      const [, snake, value, isBlock, type, storage] = m;
      const camel = (value.match(/(?:this\._|struct\.|struct!\.)(\w+)/) || [])[1];
      // Large packages keep their structs in index-structs/ and call them as index_structs_1.xToHclTerraform.
      const mapper = (value.match(/listMapperHcl\((?:\w+\.)?(\w+)ToHclTerraform, (true|false)\)/) || [])[1];
      const single = (value.match(/^(?:\(0, )?(?:\w+\.)?(\w+)ToHclTerraform\)?\(/) || [])[1];
      out.push({ snake, camel, isBlock: isBlock === "true", type, storage, struct: mapper || single, wrapped: !!mapper });
    }
    return out;
  }

  // The cty type of a computed-only structure, from its OutputReference class (every getter is computed).
  function objectTypeOf(outputRefClass, seen = new Set()) {
    if (seen.has(outputRefClass)) return ["object", {}];
    seen.add(outputRefClass);
    const mem = members(outputRefClass);
    const attrs = {};
    if (mem) {
      for (const [, g] of mem.getters) {
        const t = computedType(mem, g, seen);
        if (t) attrs[t.snake] = t.type;
      }
    }
    seen.delete(outputRefClass);
    return ["object", attrs];
  }

  function isSingleItemList(outputRefClass) {
    const c = classes.get(outputRefClass);
    return c ? /super\(terraformResource, terraformAttribute, false, 0\)/.test(c.body) : true;
  }

  function computedType(mem, g, seen) {
    if (g.kind === "primitive") {
      let t = getterType[g.getter];
      if (!t) return null;
      if (g.set && Array.isArray(t)) t = ["set", t[1]];
      return { snake: g.snake, type: t };
    }
    const f = mem.fields.get(g.field);
    if (!f) return null;
    if (f.cls === "cdktf.StringMap") return { snake: f.snake, type: ["map", "string"] };
    if (f.cls === "cdktf.NumberMap") return { snake: f.snake, type: ["map", "number"] };
    if (f.cls === "cdktf.BooleanMap") return { snake: f.snake, type: ["map", "bool"] };
    if (f.cls.endsWith("List")) {
      const item = f.cls.slice(0, -4) + "OutputReference";
      return { snake: f.snake, type: [f.wrapsSet ? "set" : "list", objectTypeOf(item, seen)] };
    }
    if (f.cls.endsWith("OutputReference")) {
      const obj = objectTypeOf(f.cls, seen);
      return { snake: f.snake, type: isSingleItemList(f.cls) ? ["list", obj] : obj };
    }
    return null;
  }

  // A block (top level: the class itself; nested: the struct's ToHcl function plus its OutputReference class).
  function block(settableSource, mem, seen) {
    const result = { attributes: {}, block_types: {} };
    const settableSnakes = new Set();
    for (const e of settableSource ? settableEntries(settableSource) : []) {
      settableSnakes.add(e.snake);
      // `timeouts` is Terraform's conventional block, optional in every binding even where no reset method exists.
      const required = mem && e.snake !== "timeouts" ? !mem.resets.has(e.camel) : false;
      if (e.isBlock) {
        const structName = upperFirst(e.struct || "");
        const inner = block(functions.get(lowerFirst(structName))?.body, members(structName + "OutputReference"), seen);
        const nesting = e.type === "struct" ? "single" : e.type === "set" ? "set" : "list";
        const bt = { nesting_mode: nesting, block: inner };
        if (required) bt.min_items = 1;
        if (nesting === "list" && !e.wrapped) bt.max_items = 1;
        if (nesting === "single" && required) bt.max_items = 1; // Terraform: a required single block has min = max = 1
        result.block_types[e.snake] = bt;
        continue;
      }
      let type;
      if (e.type === "simple") type = primitive[e.storage];
      else if (e.storage === "stringList") type = [e.type === "set" ? "set" : "list", "string"];
      else if (e.storage === "numberList") type = [e.type === "set" ? "set" : "list", "number"];
      else if (e.storage === "booleanList") type = [e.type === "set" ? "set" : "list", "bool"];
      else if (e.storage === "stringMap") type = ["map", "string"];
      else if (e.storage === "numberMap") type = ["map", "number"];
      else if (e.storage === "booleanMap") type = ["map", "bool"];
      else if (e.struct) {
        // A nested attribute (not a block): an object type built from the struct's settable attributes.
        const inner = block(functions.get(e.struct)?.body, members(upperFirst(e.struct) + "OutputReference"), seen);
        const obj = ["object", Object.fromEntries(Object.entries(inner.attributes).map(([k, v]) => [k, v.type]))];
        type = e.type === "struct" ? obj : [e.type === "set" ? "set" : "list", obj];
      }
      if (!type) throw new Error(`cannot type ${e.snake} (${e.type}/${e.storage})`);
      result.attributes[e.snake] = required ? { type, required: true } : { type, optional: true };
    }
    if (mem) {
      for (const [camel, g] of mem.getters) {
        if (mem.setters.has(camel) || mem.puts.has(camel)) continue;
        const t = computedType(mem, g, seen);
        if (!t || settableSnakes.has(t.snake) || result.attributes[t.snake]) continue;
        result.attributes[t.snake] = { type: t.type, computed: true };
      }
    }
    return result;
  }

  const out = [];
  for (const [name, c] of classes) {
    const base = c.header[2];
    if (!["cdktf.TerraformResource", "cdktf.TerraformDataSource", "cdktf.TerraformProvider"].includes(base)) continue;
    const tfType = (text.match(new RegExp(`\\n${name}\\.tfResourceType = "([\\w]+)"`)) || [])[1];
    const mem = members(name);
    const hcl = (c.body.match(/synthesizeHclAttributes\(\) \{([\s\S]*?)\n    \}/) || [])[1];
    const b = block(hcl, mem, new Set());
    out.push({ kind: base.split(".")[1], tfType, block: b });
  }
  return out;
}

const schema = { provider: null, resource_schemas: {}, data_source_schemas: {} };
for (const dir of fs.readdirSync(libDir).sort()) {
  const full = path.join(libDir, dir);
  if (!fs.statSync(full).isDirectory() || !fs.existsSync(path.join(full, "index.js"))) continue;
  for (const r of analyseModule(readModule(full))) {
    if (r.kind === "TerraformProvider") {
      delete r.block.attributes.alias; // a Terraform meta-argument, not a provider attribute
      schema.provider = { block: r.block };
    } else if (r.kind === "TerraformResource") schema.resource_schemas[r.tfType] = { block: r.block };
    else schema.data_source_schemas[r.tfType] = { block: r.block };
  }
}

// Only the top-level id is optional+computed (the provider's ids are server-assigned or derived); making nested ids
// computed as well makes Terraform reject the schema ("cannot set both Computed and Required").
for (const group of [schema.resource_schemas, schema.data_source_schemas]) {
  for (const s of Object.values(group)) {
    const id = s.block.attributes.id;
    if (id && id.optional) id.computed = true;
  }
}

// The documented overrides: what the generated code cannot tell.
const overridesFile = path.join(path.dirname(new URL(import.meta.url).pathname), "overrides.json");
const overrides = JSON.parse(fs.readFileSync(overridesFile, "utf8"));
for (const o of overrides.attributes) {
  const group = o.data_source ? schema.data_source_schemas : schema.resource_schemas;
  const s = group[o.type];
  if (!s) throw new Error(`overrides.json: no type ${o.type}`);
  let blk = s.block;
  const parts = o.attribute.split(".");
  for (const p of parts.slice(0, -1)) {
    blk = blk.block_types[p]?.block;
    if (!blk) throw new Error(`overrides.json: ${o.type} has no block ${p}`);
  }
  const a = blk.attributes[parts.at(-1)];
  if (!a) throw new Error(`overrides.json: ${o.type} has no attribute ${o.attribute}`);
  // Terraform refuses a schema with an attribute both required and computed (configschema InternalValidate).
  if (o.computed && a.required) throw new Error(`overrides.json: ${o.type}.${o.attribute} is required; only an optional attribute can also be computed`);
  if (o.computed) { a.computed = true; if (!a.optional && !a.required) a.optional = false; }
  if (o.sensitive) a.sensitive = true;
}

schema.format_version = "1.0";
schema.provider_version = pkg.cdktf?.provider?.version ?? null;
schema.package = `${pkg.name}@${pkg.version}`;
const json = JSON.stringify(schema);
fs.mkdirSync(path.dirname(outFile), { recursive: true });
if (!fs.existsSync(outFile) || fs.readFileSync(outFile, "utf8") !== json) fs.writeFileSync(outFile, json);
console.log(`schema: ${Object.keys(schema.resource_schemas).length} resources, ${Object.keys(schema.data_source_schemas).length} data sources (${schema.package}, provider ${schema.provider_version})`);
