using System.Text.Json;
using CdkInfra.Terraform;
using Constructs;
using HashiCorp.Cdktf;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksCatalogs;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksGroup;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksSchemas;
using HashiCorp.Cdktf.Providers.Databricks.DataDatabricksUsers;

namespace CdkInfra.Course;

/// <summary>Kinds of object that the props' <see cref="ObjectSource.Adopt"/> choices adopts with <c>import</c> blocks.</summary>
internal enum AdoptKind
{
    /// <summary>The reference catalogs and the course catalog.</summary>
    Catalogs,

    /// <summary>Reference, shared and personal schemas.</summary>
    Schemas,

    /// <summary>The two course groups (both must exist).</summary>
    Groups,

    /// <summary>The roster's active users.</summary>
    Users,

    /// <summary>
    /// The course's secret scope, made by hand before the course managed it. It must exist: provider
    /// 1.99 has no data source that lists secret scopes, so it is imported by name without a lookup, and only when named
    /// (never by <c>true</c>).
    /// </summary>
    SecretScope,
}

/// <summary>Inputs of <see cref="Adoption"/>: what to adopt and where the managed resources are.</summary>
internal sealed record AdoptionProps
{
    /// <summary>The kinds to adopt; kinds this stack does not create are ignored.</summary>
    public required IReadOnlySet<AdoptKind> Kinds { get; init; }

    /// <summary>The reference catalogs (keys of <c>reference_catalogs</c>), or null when catalogs are referenced, not created.</summary>
    public ForEachRef? ReferenceCatalogs { get; init; }

    /// <summary>The course catalog resource, or null when referenced.</summary>
    public ForEachRef? CourseCatalog { get; init; }

    /// <summary>Reference catalog name to schema names.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> ReferenceCatalogNames { get; init; }

    /// <summary>The course catalog's name.</summary>
    public required string CourseCatalogName { get; init; }

    /// <summary>The course catalog's shared schema names.</summary>
    public required IReadOnlyList<string> SharedSchemaNames { get; init; }

    /// <summary>
    /// The schema resources (reference, shared, personal), or null when schemas are referenced; a member is null when
    /// this stack does not hold those schemas (a cohort split).
    /// </summary>
    public (ForEachRef? Reference, ForEachRef? Shared, ForEachRef? Personal)? Schemas { get; init; }

    /// <summary>The whole roster local (personal schemas, retired users' included).</summary>
    public required TerraformLocal Roster { get; init; }

    /// <summary>The active roster local (users).</summary>
    public required TerraformLocal ActiveRoster { get; init; }

    /// <summary>The user resources, or null when users are referenced.</summary>
    public ForEachRef? Users { get; init; }

    /// <summary>The group resources, or null when groups are referenced.</summary>
    public ForEachRef? Groups { get; init; }

    /// <summary>Roster group value to group display name.</summary>
    public required IReadOnlyDictionary<string, string> GroupNames { get; init; }

    /// <summary>The provider the groups live under (the account provider), or null for the workspace provider.</summary>
    public TerraformProvider? GroupsProvider { get; init; }

    /// <summary>The course's secret scope name, when this stack creates it (<c>databricks_secret_scope.course</c>).</summary>
    public string? SecretScopeName { get; init; }
}

/// <summary>
/// Adopts objects that already exist (a workspace built by hand or by another Terraform project): Terraform
/// <c>import</c> blocks with <c>for_each</c> (Terraform 1.7 or later) move them into state on the first apply instead of
/// failing on "already exists" or creating duplicates. Each block imports only what the workspace has, found through
/// list data sources read at plan time, so a roster with newcomers adopts the old and creates the new. Groups are
/// looked up by name and must both exist. Catalogs import by name, schemas by <c>catalog.schema</c>, users and groups
/// by their SCIM id.
/// </summary>
internal sealed class Adoption : Construct
{
    /// <summary>Builds the lookups and the import blocks.</summary>
    public Adoption(Construct scope, string id, AdoptionProps props)
        : base(scope, id)
    {
        var blocks = new List<ImportBlock>();
        var adoptCatalogs = props.Kinds.Contains(AdoptKind.Catalogs) && props.ReferenceCatalogs is not null && props.CourseCatalog is not null;
        var adoptSchemas = props.Kinds.Contains(AdoptKind.Schemas) && props.Schemas is not null;
        string? existingCatalogs = null;
        if (adoptCatalogs || adoptSchemas)
        {
            var catalogs = new DataDatabricksCatalogs(this, "ExistingCatalogs", new DataDatabricksCatalogsConfig());
            catalogs.OverrideLogicalId("adopt_existing_catalogs");
            existingCatalogs = $"data.{catalogs.TerraformResourceType}.{catalogs.FriendlyUniqueId}.ids";
        }

        if (adoptCatalogs)
        {
            blocks.Add(new ImportBlock($"{props.ReferenceCatalogs!.Address}[each.key]", "${each.key}",
                $"${{toset([for c in {Json(props.ReferenceCatalogNames.Keys)} : c if contains({existingCatalogs}, c)])}}"));
            blocks.Add(new ImportBlock(props.CourseCatalog!.Address, "${each.key}",
                $"${{toset([for c in {Json([props.CourseCatalogName])} : c if contains({existingCatalogs}, c)])}}"));
        }

        if (adoptSchemas)
        {
            var (reference, shared, personal) = props.Schemas!.Value;
            var allCatalogs = props.ReferenceCatalogNames.Keys.Append(props.CourseCatalogName).ToArray();
            var schemas = new DataDatabricksSchemas(this, "ExistingSchemas", new DataDatabricksSchemasConfig { CatalogName = "${each.key}" });
            schemas.OverrideLogicalId("adopt_existing_schemas");
            // An iterator would wrap the filtered set in a second toset(); the expression is written as it is.
            schemas.AddOverride("for_each", $"${{toset([for c in {Json(allCatalogs)} : c if contains({existingCatalogs}, c)])}}");
            var existing = new TerraformLocal(this, "ExistingSchemaNames",
                $"${{flatten([for catalog in data.{schemas.TerraformResourceType}.{schemas.FriendlyUniqueId} : catalog.ids])}}");
            existing.OverrideLogicalId("adopt_existing_schema_names");
            var names = $"local.{existing.FriendlyUniqueId}";
            var referenceSchemas = props.ReferenceCatalogNames.SelectMany(c => c.Value.Select(s => $"{c.Key}.{s}"));
            if (reference is not null)
            {
                blocks.Add(new ImportBlock($"{reference.Address}[each.key]", "${each.key}",
                    $"${{toset([for s in {Json(referenceSchemas)} : s if contains({names}, s)])}}"));
            }

            if (shared is not null)
            {
                blocks.Add(new ImportBlock($"{shared.Address}[each.key]", $"{props.CourseCatalogName}.${{each.key}}",
                    $"${{toset([for s in {Json(props.SharedSchemaNames)} : s if contains({names}, \"{props.CourseCatalogName}.${{s}}\")])}}"));
            }

            if (personal is not null)
            {
                blocks.Add(new ImportBlock($"{personal.Address}[each.key]", $"{props.CourseCatalogName}.${{each.value}}",
                    $"${{{{ for email, user in local.{props.Roster.FriendlyUniqueId} : email => user.schema_name if contains({names}, \"{props.CourseCatalogName}.${{user.schema_name}}\") }}}}"));
            }
        }

        if (props.Kinds.Contains(AdoptKind.Groups) && props.Groups is not null)
        {
            var groups = new DataDatabricksGroup(this, "ExistingGroups", new DataDatabricksGroupConfig
            {
                ForEach = TerraformIterator.FromMap(props.GroupNames.ToDictionary(g => g.Key, g => (object)g.Value)),
                DisplayName = "${each.value}",
                Provider = props.GroupsProvider,
            });
            groups.OverrideLogicalId("adopt_existing_groups");
            blocks.Add(new ImportBlock($"{props.Groups.Address}[each.key]", "${each.value.id}",
                $"${{data.{groups.TerraformResourceType}.{groups.FriendlyUniqueId}}}",
                props.GroupsProvider is null ? null : $"{props.GroupsProvider.TerraformResourceType}.{props.GroupsProvider.Alias}"));
        }

        if (props.Kinds.Contains(AdoptKind.Users) && props.Users is not null)
        {
            var users = new DataDatabricksUsers(this, "ExistingUsers", new DataDatabricksUsersConfig());
            users.OverrideLogicalId("adopt_existing_users");
            blocks.Add(new ImportBlock($"{props.Users.Address}[each.key]", "${each.value}",
                $"${{{{ for user in data.{users.TerraformResourceType}.{users.FriendlyUniqueId}.users : user.user_name => user.id if contains(keys(local.{props.ActiveRoster.FriendlyUniqueId}), user.user_name) }}}}"));
        }

        if (props.Kinds.Contains(AdoptKind.SecretScope) && props.SecretScopeName is { } scopeName)
        {
            blocks.Add(new ImportBlock("databricks_secret_scope.course", TerraformText.Literal(scopeName)));
        }

        Blocks = blocks;
        if (blocks.Count > 0)
        {
            _ = new ImportBlocks(this, "Imports", blocks);
        }
    }

    /// <summary>The import blocks written, in order.</summary>
    public IReadOnlyList<ImportBlock> Blocks { get; }

    private static string Json(IEnumerable<string> values) => JsonSerializer.Serialize(values);
}
