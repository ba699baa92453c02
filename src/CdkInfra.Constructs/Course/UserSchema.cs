using CdkInfra.Policy;
using CdkInfra.Terraform;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksSchema;
using HashiCorp.Cdktf.Providers.Databricks.Schema;

namespace CdkInfra.Course;

/// <summary>Inputs of <see cref="UserSchema"/>.</summary>
internal sealed record UserSchemaProps
{
    /// <summary>The roster map (email to entry with <c>schema_name</c>).</summary>
    public required TerraformLocal Roster { get; init; }

    /// <summary>The course catalog: its name, and the catalog to wait for when this stack holds it.</summary>
    public required CatalogRef Catalog { get; init; }

    /// <summary>The access policy whose personal-schema row is granted.</summary>
    public required AccessPolicy Policy { get; init; }

    /// <summary>Create the schemas, or reference existing ones.</summary>
    public required bool CreateSchemas { get; init; }

    /// <summary>What the grants wait for: the users and groups they name.</summary>
    public required IReadOnlyList<ITerraformDependable> Principals { get; init; }

    /// <summary>
    /// What the schemas themselves wait for: nothing when the owner is the deploying identity (it exists), the users
    /// and groups when the owner is a principal named in the settings, which this stack may be creating.
    /// </summary>
    public IReadOnlyList<ITerraformDependable> OwnerReady { get; init; } = [];

    /// <summary>Guard the personal schemas with <c>prevent_destroy</c>, so deleting a roster entry fails the plan.</summary>
    public required bool PreventDestroy { get; init; }

    /// <summary>
    /// The owner of every personal schema, active or retired: Terraform text (a literal, or an expression such as the
    /// deploying identity's <c>user_name</c>). Set explicitly so that ownership never stays with whoever created the
    /// schema: students hold CREATE_SCHEMA on the course catalog, so one could create a future classmate's schema
    /// first, and an adopted (imported) schema would otherwise keep that owner. It must be a principal Unity Catalog
    /// accepts (a user, a service principal or an account group; never a workspace-local group), and whoever runs
    /// Terraform must keep the right to update the schema: as its owner, as the catalog's owner, or as a metastore admin.
    /// </summary>
    public required string Owner { get; init; }

    /// <summary>The roster members by group, for grants that name each user.</summary>
    public required RosterMembers Members { get; init; }
}

/// <summary>
/// One personal schema per roster entry in the course catalog, with an explicit owner, and its grants: the schema's
/// user holds ALL_PRIVILEGES, super admins too; admins and (with peer learning on) reading students get theirs from
/// the group entries here, or, when the policy names users, from the course catalog's grants, inherited.
/// Built as one <c>for_each</c> schema and one <c>for_each</c> grants resource keyed by email, so a roster edit
/// touches only that user's instances and synthesis time does not grow with the roster.
/// </summary>
internal sealed class UserSchema : Construct
{
    /// <summary>Builds the personal schemas and their grants.</summary>
    public UserSchema(Construct scope, string id, UserSchemaProps props)
        : base(scope, id)
    {
        var iterator = TerraformIterator.FromMap(props.Roster.AsAnyMap);
        var schemas = CreateOrReference.Build(ObjectKind.Schema, props.CreateSchemas, "personal_schemas",
            () => new Schema(this, "Schemas", new SchemaConfig
            {
                ForEach = iterator,
                CatalogName = props.Catalog.NameExpression,
                Name = "${each.value.schema_name}",
                Comment = "Personal schema of ${each.key}. Managed by CdkInfra.",
                ForceDestroy = false,
                // Never whoever created the schema; the person's rights come from the grants.
                Owner = props.Owner,
                Lifecycle = Guard.Lifecycle(props.PreventDestroy),
                // A roster-sized resource waiting on another costs Terraform time in proportion to both: only when the
                // owner is a principal this stack may be creating.
                DependsOn = props.OwnerReady.Count > 0 ? props.OwnerReady.ToArray() : null,
            }),
            () => new DataDatabricksSchema(this, "Schemas", new DataDatabricksSchemaConfig
            {
                ForEach = iterator,
                Name = $"{props.Catalog.Name}.${{each.value.schema_name}}",
            }));

        // The grants common to every personal schema are written once; each user's instance adds its own user (a
        // retired user gets no grant: the user no longer exists). merge() keeps one entry per principal, so an owner who
        // is also a super admin is listed once.
        var ownerPart = $"{{ for owner in (each.value.retired ? [] : [each.key]) : owner => {UcGrants.PrivilegeList(AccessPolicy.OwnerPrivileges)} }}";
        // The grants must wait for their schema and for the principals they name, but a roster-sized resource that
        // refers to, or depends on, another roster-sized one costs Terraform time and memory in proportion to the
        // product of their sizes (docs/benchmark.md). So the grants name their schema by its full name, known at
        // synthesis, and wait on one terraform_data instance that waits for the schemas and the principals: two
        // linear sets of edges instead of a quadratic one.
        var ready = TerraformData.Create(this, "Ready", [schemas.Dependable, .. props.Principals]);
        ready.OverrideLogicalId("personal_schemas_ready");
        // A dynamic block: CDKTF names its iterator "each", so inside the content each.key is the principal, while the
        // for_each expression above it still sees the resource's each.key (the owner's email).
        Grants = SecurableGrants.FromPolicy(this, "Grants", "personal_schema_grants", SecurableType.Schema,
            $"{props.Catalog.Name}.${{each.value.schema_name}}", [], iterator, [ready], props.Policy, SecurableKind.PersonalSchema, props.Members,
            instancePart: ownerPart);
        Schemas = schemas;
    }

    /// <summary>The personal schemas, keyed by email.</summary>
    public ForEachRef Schemas { get; }

    /// <summary>The personal schemas' grants (one instance per schema: the policy's rows and the schema's own user).</summary>
    public SecurableGrants Grants { get; }
}
