#!/usr/bin/env python3
"""The plan of the CDKTF TypeScript idiom: the same resources as a synthesized output of the app, one construct per
resource instance. Reads OUTDIR/stacks/*/cdk.tf.json (what the app wrote) and writes a JSON plan for main.js: per stack
its provider, backend, locals, data sources, outputs, assets, and every resource block expanded into its instances
(for_each evaluated over the stack's own locals: no for_each is left), each instance's configuration with `each.key`
and `each.value` put in, references to other resource instances marked so that main.js passes the construct's
attribute (a token, as a TypeScript program would) and `dynamic` blocks written out as the lists they evaluate to.

An expression this script does not know stops it with its text: the idiom must do the same work as the app, or the
benchmark says nothing.

Usage: bench/ts-idiom/plan.py OUTDIR PLAN.json
"""
import json
import re
import sys
from pathlib import Path

INTERPOLATION = re.compile(r"\$\{((?:[^{}]|\{[^{}]*\})*)\}")
# ${TYPE.NAME.ATTR} or ${TYPE.NAME["KEY"].ATTR}: one attribute of one resource instance of the same stack.
REFERENCE = re.compile(r'^\$\{([a-z0-9_]+)\.([a-z0-9_]+)(?:\[("(?:[^"\\]|\\.)*")\])?\.([a-z0-9_]+)\}$')
LOCAL_FILTER = re.compile(r'^\$\{\{ for (\w+), (\w+) in local\.(\w+) : \1 => (\2|true) if (.+) \}\}$')
KNOWN_KEYS = re.compile(r"^[a-z][a-z0-9_]*$")


class Unknown(Exception):
    pass


def camel(key: str) -> str:
    """snake_case attribute and block names become the camelCase config names of the TypeScript bindings; map keys
    (spark.conf, ResourceClass, emails) stay as written."""
    if not KNOWN_KEYS.match(key) or "_" not in key:
        return key
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def locals_of(config: dict) -> dict:
    """The stack's locals that for_each uses: literal maps as they are, the filters over them evaluated."""
    values = {}
    for name, value in config.get("locals", {}).items():
        if isinstance(value, dict):
            values[name] = value
    for _ in range(3):  # filters over filters (active_roster, then the memberships over it)
        for name, value in config.get("locals", {}).items():
            if name in values or not isinstance(value, str):
                continue
            m = LOCAL_FILTER.match(value)
            if not m or m.group(3) not in values:
                continue
            item, source, keep, condition = m.group(2), values[m.group(3)], m.group(4), m.group(5)
            result = {}
            for key, entry in source.items():
                if condition == f"!{item}.retired":
                    ok = not entry["retired"]
                elif c := re.fullmatch(rf'contains\({item}\.groups, "([^"]+)"\)', condition):
                    ok = c.group(1) in entry["groups"]
                else:
                    raise Unknown(f"local.{name}: {value}")
                if ok:
                    result[key] = entry if keep == item else True
            values[name] = result
    # The principal maps of per-principal grants, merged from the members' locals and the named principals.
    for name, value in config.get("locals", {}).items():
        if name not in values and isinstance(value, str) and value.startswith("${merge("):
            values[name] = dynamic_map(value, None, None, values)
    return values


def instances(resource: dict, local_values: dict) -> list:
    """(key, value) of each instance of a resource block; one (None, None) without for_each."""
    for_each = resource.get("for_each")
    if for_each is None:
        return [(None, None)]
    if isinstance(for_each, dict):
        return list(for_each.items())
    if m := re.fullmatch(r"\$\{toset\((\[.*\])\)\}", for_each, re.S):
        return [(item, item) for item in json.loads(m.group(1))]
    if m := re.fullmatch(r"\$\{local\.(\w+)\}", for_each):
        if m.group(1) in local_values:
            return list(local_values[m.group(1)].items())
    raise Unknown(f"for_each {for_each[:200]}")


def put_each(value, key, each):
    """The value with each.key and each.value put in, as Terraform would for that instance."""
    if isinstance(value, dict):
        return {k: put_each(v, key, each) for k, v in value.items()}
    if isinstance(value, list):
        return [put_each(v, key, each) for v in value]
    if not isinstance(value, str) or "each." not in value:
        return value
    if value == "${each.value}":
        return each
    if value == "${each.key}":
        return key
    if f := re.fullmatch(r"\$\{each\.value\.(\w+)\}", value):
        if not isinstance(each, dict) or f.group(1) not in each:
            raise Unknown(f"each.value.{f.group(1)} of {key!r}")
        return each[f.group(1)]

    def field(name):
        if not isinstance(each, dict) or name not in each:
            raise Unknown(f"each.value.{name} of {key!r}")
        return each[name]

    def replace(m):
        expression = m.group(1)
        if expression == "each.key":
            return key
        if f := re.fullmatch(r"each\.value\.(\w+)", expression):
            return str(field(f.group(1)))
        # inside a larger expression: the key and fields become string literals
        expression = re.sub(r"\beach\.key\b", json.dumps(key), expression)
        expression = re.sub(r"\beach\.value\.(\w+)", lambda f: json.dumps(field(f.group(1))), expression)
        if "each." in expression:
            raise Unknown(f"expression ${{{expression[:200]}}}")
        return "${" + expression + "}"

    return INTERPOLATION.sub(replace, value)


def merge_terms(expression: str) -> list:
    """The top-level arguments of merge(...)."""
    terms, depth, start = [], 0, 0
    for i, ch in enumerate(expression):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            terms.append(expression[start:i].strip())
            start = i + 1
    terms.append(expression[start:].strip())
    return terms


def dynamic_map(for_each: str, key, each, local_values: dict) -> dict:
    """The principal-to-privileges map of a dynamic grant block, for one instance."""
    m = re.fullmatch(r"\$\{merge\((.*)\)\}", for_each, re.S)
    if not m:
        raise Unknown(f"dynamic for_each {for_each[:200]}")
    result = {}
    for term in merge_terms(m.group(1)):
        if t := re.fullmatch(r"\{ for p in keys\(local\.(\w+)\) : p => (\[[^\]]*\])(?: if !contains\(\[(.*)\], p\))? \}", term):
            excluded = {e if e.startswith("data.") else json.loads(e) for e in merge_terms(t.group(3))} if t.group(3) else set()
            result.update({p: json.loads(t.group(2)) for p in local_values[t.group(1)] if p not in excluded})
        elif t := re.fullmatch(r"\{ for p in \[([a-z0-9_.]+)\] : p => (\[.*?\]) \}", term):
            result["${" + t.group(1) + "}"] = json.loads(t.group(2))
        elif t := re.fullmatch(r"local\.(\w+)", term):
            result.update(local_values[t.group(1)])
        elif t := re.fullmatch(r"\{ for owner in \(each\.value\.retired \? \[\] : \[each\.key\]\) : owner => (\[.*?\]) \}", term):
            if not each["retired"]:
                result[key] = json.loads(t.group(1))
        else:
            raise Unknown(f"dynamic term {term[:200]}")
    return result


def instance_config(resource: dict, key, each, local_values: dict, addresses: set):
    """An instance's configuration: meta-arguments dropped or translated, dynamic blocks written out, camelCase names,
    whole-string references to resource instances of the stack marked for main.js."""
    config = {}
    for name, value in resource.items():
        if name in ("//", "for_each", "provider"):
            continue
        if name == "depends_on":
            config["$dependsOn"] = value
            continue
        if name == "dynamic":
            for block, spec in value.items():
                rows = dynamic_map(spec["for_each"], key, each, local_values)
                config[camel(block)] = [convert(put_each(spec["content"], principal, privileges), addresses)
                                        for principal, privileges in rows.items()]
            continue
        config[camel(name)] = convert(put_each(value, key, each), addresses)
    return config


def convert(value, addresses: set):
    if isinstance(value, dict):
        return {camel(k): convert(v, addresses) for k, v in value.items()}
    if isinstance(value, list):
        return [convert(v, addresses) for v in value]
    if isinstance(value, str) and (m := REFERENCE.match(value)):
        address = f"{m.group(1)}.{m.group(2)}" + (f"[{m.group(3)}]" if m.group(3) else "")
        if address in addresses:
            return {"$ref": address, "attribute": camel(m.group(4))}
    return value


def address(kind: str, name: str, key) -> str:
    return f"{kind}.{name}" + ("" if key is None else f"[{json.dumps(key)}]")


def stack_plan(folder: Path) -> dict:
    config = json.loads((folder / "cdk.tf.json").read_text())
    local_values = locals_of(config)
    blocks = [(kind, name, resource) for kind, by_name in config.get("resource", {}).items() for name, resource in by_name.items()]
    expanded = [(kind, name, resource, instances(resource, local_values)) for kind, name, resource in blocks]
    addresses = {address(kind, name, key) for kind, name, _, keys in expanded for key, _ in keys}
    ids = set()

    def element(kind: str, name: str, key=None) -> dict:
        """A construct id unique in the stack; where two kinds of element share a name, the later one's id takes
        its kind and its Terraform name stays (overrideLogicalId)."""
        # A key may hold a reference (the deploying identity's principal): it is no part of an id.
        construct_id = name if key is None else re.sub(r"\$\{[^}]*\}", "deployer", f"{name}_{key}").replace("/", "_")
        if construct_id not in ids:
            ids.add(construct_id)
            return {"id": construct_id}
        ids.add(f"{kind}_{construct_id}")
        return {"id": f"{kind}_{construct_id}", **({"logicalId": name} if key is None else {})}

    top = {
        "locals": [{**element("local", name), "value": value} for name, value in config.get("locals", {}).items()],
        "outputs": [{**element("output", name), "output": value} for name, value in config.get("output", {}).items()],
        "data": [{**element(f"data_{kind}", name), "type": kind, "block": f"data.{kind}.{name}",
                  "config": {camel(k): v for k, v in value.items() if k != "//"}}
                 for kind, by_name in config.get("data", {}).items() for name, value in by_name.items()],
    }
    resources = []
    for kind, name, resource, keys in expanded:
        for key, each in keys:
            resources.append({
                **element(kind, name, key),
                "type": kind,
                "address": address(kind, name, key),
                "block": f"{kind}.{name}",
                "config": instance_config(resource, key, each, local_values, addresses),
            })
    assets = []
    for asset in sorted((folder / "assets").glob("*/*")) if (folder / "assets").exists() else []:
        files = [f for f in asset.rglob("*") if f.is_file()]
        single = len(files) == 1 and files[0].parent == asset
        assets.append({**element("asset", asset.parent.name), "path": str((files[0] if single else asset).resolve()),
                       "directory": not single})
    return {
        "name": folder.name,
        "provider": config.get("provider", {}),
        "backend": config.get("terraform", {}).get("backend", {}),
        **top,
        "resources": ordered(resources),
        "assets": assets,
    }


def ordered(resources: list) -> list:
    """Every instance after the instances it refers to or depends on (a construct exists before its token is used)."""
    by_address = {r["address"]: r for r in resources}
    blocks = {}
    for r in resources:
        blocks.setdefault(r["block"], []).append(r["address"])

    def needs(value):
        if isinstance(value, dict):
            if "$ref" in value:
                yield value["$ref"]
            for v in value.values():
                yield from needs(v)
        elif isinstance(value, list):
            for v in value:
                yield from needs(v)

    done, result = set(), []

    def visit(r, path=()):
        if r["address"] in done:
            return
        if r["address"] in path:
            raise Unknown(f"reference cycle through {r['address']}")
        wanted = list(needs(r["config"]))
        for dependency in r["config"].get("$dependsOn", []):
            wanted.extend(blocks.get(dependency, []))
        for a in wanted:
            visit(by_address[a], path + (r["address"],))
        done.add(r["address"])
        result.append(r)

    for r in resources:
        visit(r)
    return result


def main() -> int:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    outdir, target = Path(sys.argv[1]), Path(sys.argv[2])
    try:
        stacks = [stack_plan(folder) for folder in sorted((outdir / "stacks").iterdir()) if (folder / "cdk.tf.json").exists()]
    except Unknown as e:
        raise SystemExit(f"ts-idiom: cannot write the idiom of this output: {e}")
    target.write_text(json.dumps({"stacks": stacks}))
    count = sum(len(s["resources"]) for s in stacks)
    print(f"ts-idiom: {len(stacks)} stacks, {count} resource instances -> {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
