using CdkInfra.Policy;
using CdkInfra.Terraform;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksSchema;
using HashiCorp.Cdktf.Providers.Databricks.Grants;
using HashiCorp.Cdktf.Providers.Databricks.Schema;

namespace CdkInfra.Course;

/// <summary>Inputs of <see cref="UserSchema"/>.</summary>
public sealed record UserSchemaProps
{
    /// <summary>The roster map (email to entry with <c>schema_name</c>).</summary>
    public required TerraformLocal Roster { get; init; }

    /// <summary>The course catalog's name (literal, for referenced schemas).</summary>
    public required string CatalogName { get; init; }

    /// <summary>An expression for the course catalog's name that carries the dependency on it.</summary>
    public required string CatalogNameExpression { get; init; }

    /// <summary>The access policy whose personal-schema row is granted.</summary>
    public required AccessPolicy Policy { get; init; }

    /// <summary>Create the schemas, or reference existing ones.</summary>
    public required bool CreateSchemas { get; init; }

    /// <summary>What the grants wait for: the users and groups they name.</summary>
    public required IReadOnlyList<ITerraformDependable> Principals { get; init; }

    /// <summary>Guard the personal schemas with <c>prevent_destroy</c>, so deleting a roster entry fails the plan.</summary>
    public required bool PreventDestroy { get; init; }

    /// <summary>
    /// The owner of every personal schema (the admins group), active or retired. Set explicitly so that ownership never
    /// stays with whoever created the schema: students hold CREATE_SCHEMA on the course catalog, so one could create a
    /// future classmate's schema first, and an adopted (imported) schema would otherwise keep that owner.
    /// </summary>
    public required string Owner { get; init; }
}

/// <summary>
/// One personal schema per roster entry in the course catalog, owned by the admins group, with its grants: the
/// schema's user holds ALL_PRIVILEGES, admins and super admins too, and students may read it when peer learning is on.
/// Built as one <c>for_each</c> schema and one <c>for_each</c> grants resource keyed by email, so a roster edit
/// touches only that user's instances and synthesis time does not grow with the roster.
/// </summary>
public sealed class UserSchema : Construct
{
    /// <summary>Builds the personal schemas and their grants.</summary>
    public UserSchema(Construct scope, string id, UserSchemaProps props)
        : base(scope, id)
    {
        var iterator = TerraformIterator.FromMap(props.Roster.AsAnyMap);
        ForEachRef schemas;
        if (props.CreateSchemas)
        {
            var resource = new Schema(this, "Schemas", new SchemaConfig
            {
                ForEach = iterator,
                CatalogName = props.CatalogNameExpression,
                Name = "${each.value.schema_name}",
                Comment = "Personal schema of ${each.key}. Managed by CdkInfra.",
                ForceDestroy = false,
                // Always the admins group, never whoever created the schema; the person's rights come from the grants.
                Owner = props.Owner,
                Lifecycle = Guard.Lifecycle(props.PreventDestroy),
                // The owner is a group named literally: on a first deploy the schema must wait until it exists.
                DependsOn = props.Principals.ToArray(),
            });
            resource.OverrideLogicalId("personal_schemas");
            schemas = ForEachRef.Of(resource);
        }
        else
        {
            var data = new DataDatabricksSchema(this, "Schemas", new DataDatabricksSchemaConfig
            {
                ForEach = iterator,
                Name = $"{props.CatalogName}.${{each.value.schema_name}}",
            });
            data.OverrideLogicalId("personal_schemas");
            schemas = ForEachRef.Of(data);
        }

        // The grants common to every personal schema live in one local; each active user's resource adds its owner
        // (a retired user gets no grant: the user no longer exists). merge() keeps one entry per principal, so an owner
        // who is also a super admin is listed once.
        var shared = new TerraformLocal(this, "SharedGrants", props.Policy.For(SecurableKind.PersonalSchema)
            .ToDictionary(e => TerraformText.Literal(e.Principal), e => (object)e.Privileges.ToArray(), StringComparer.Ordinal));
        shared.OverrideLogicalId("personal_schema_grants");
        var ownerPrivileges = string.Join(", ", AccessPolicy.OwnerPrivileges.Select(p => $"\"{p}\""));
        var grantIterator = TerraformIterator.FromMap(Token.AsAnyMap($"${{merge(local.{shared.FriendlyUniqueId}, {{ for owner in (each.value.retired ? [] : [each.key]) : owner => [{ownerPrivileges}] }})}}"));
        var grants = new Grants(this, "Grants", new GrantsConfig
        {
            ForEach = iterator,
            Schema = schemas.Each("id"),
            // A dynamic block: CDKTF names its iterator "each", so inside the content each.key is the principal,
            // while the for_each expression above it still sees the resource's each.key (the owner's email).
            Grant = grantIterator.Dynamic(new Dictionary<string, object>
            {
                ["principal"] = grantIterator.Key,
                ["privileges"] = grantIterator.Value,
            }),
            DependsOn = props.Principals.ToArray(),
        });
        grants.OverrideLogicalId("personal_schema_grants");
        Schemas = schemas;
    }

    /// <summary>The personal schemas, keyed by email.</summary>
    public ForEachRef Schemas { get; }
}
