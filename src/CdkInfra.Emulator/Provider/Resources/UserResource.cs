using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Provider.Resources;

/// <summary>
/// databricks_user. Ports TPD scim/resource_user.go: a user that exists is refused ("User with username X already
/// exists.") unless <c>force</c>, which takes it over (<c>createForceOverridesManuallyAddedUser</c>); the platform stores
/// user names lower-cased and a case-only difference is no change (PR 2786); Delete deactivates instead of deleting
/// when <c>disable_as_user_deletion</c> is true (default false at workspace level), and otherwise removes the user.
/// </summary>
internal sealed class UserResource : ResourceBehaviour
{
    public override string Type => "databricks_user";

    public override IEnumerable<string> Validate(Dictionary<string, object?> config) => EntitlementFields.Conflicts(config);

    public override void Plan(Call call, PlanRequest plan)
    {
        if (plan.Prior?.Str("user_name") is { } before && plan.Planned.Str("user_name") is { } after
            && string.Equals(before, after, StringComparison.OrdinalIgnoreCase))
        {
            plan.Planned["user_name"] = before;
        }
    }

    public override string Apply(Call call, Dictionary<string, object?>? prior, Dictionary<string, object?> state)
    {
        var workspace = call.Workspace;
        var name = state.Str("user_name")!.ToLowerInvariant();
        var existing = workspace.UserByName(name);
        if (prior is null && existing is not null && !state.Bool("force"))
        {
            throw new PlatformException($"cannot create user: User with username {name} already exists.");
        }

        var id = prior?.Str("id") ?? existing?.Str("id") ?? workspace.NewNumericId();
        state["user_name"] = name;
        Fill(state, "display_name", name);
        Fill(state, "home", $"/Users/{name}");
        Fill(state, "repos", $"/Repos/{name}");
        Fill(state, "acl_principal_id", $"users/{name}");
        Fill(state, "active", true);
        workspace.SetEntitlements(id, EntitlementFields.FromState(state));
        return id;
    }

    public override Dictionary<string, object?>? Read(Call call, Dictionary<string, object?> current)
    {
        var record = base.Read(call, current);
        if (record is null || current.Str("id") is not { } id)
        {
            return record;
        }

        var state = (Dictionary<string, object?>)Value.Clone(record)!;
        foreach (var (_, field) in EntitlementFields.All)
        {
            state[field] = current.GetValueOrDefault(field);
        }

        EntitlementFields.ReadInto(state, call.Workspace.EntitlementsOf(id));
        return state;
    }

    /// <summary>Import reads the user as Read does, with the entitlements the workspace holds (TPD test TestResourceUserRead).</summary>
    public override Dictionary<string, object?>? Import(Call call, string id) =>
        call.Workspace.Get(Type, id) is { } record ? Read(call, (Dictionary<string, object?>)Value.Clone(record)!) : null;

    /// <summary>
    /// TPD scim/resource_user.go Delete: deactivating refuses the force flags; deleting with <c>force_delete_repos</c>
    /// or <c>force_delete_home_dir</c> also deletes <c>/Repos/&lt;user&gt;</c> or <c>/Users/&lt;user&gt;</c> recursively
    /// (TPD tests TestResourceUserDelete_ForceDeleteHomeDir, TestResourceUserforce_delete_reposError).
    /// </summary>
    public override void Delete(Call call, Dictionary<string, object?> prior)
    {
        var id = prior.Str("id")!;
        var disable = prior.Bool("disable_as_user_deletion");
        if (disable && prior.Bool("force_delete_repos"))
        {
            throw new PlatformException("force_delete_repos: cannot force delete if disable_as_user_deletion is set");
        }

        if (disable && prior.Bool("force_delete_home_dir"))
        {
            throw new PlatformException("force_delete_home_dir: cannot force delete if disable_as_user_deletion is set");
        }

        if (disable && call.Workspace.Get(Type, id) is { } record)
        {
            record["active"] = false;
            call.Workspace.Put(Type, id, record);
            return;
        }

        call.Workspace.Remove(Type, id);
        var name = prior.Str("user_name");
        foreach (var (flag, folder) in new[] { ("force_delete_repos", $"/Repos/{name}"), ("force_delete_home_dir", $"/Users/{name}") })
        {
            if (!prior.Bool(flag))
            {
                continue;
            }

            foreach (var type in new[] { "databricks_directory", "databricks_notebook", "databricks_workspace_file" })
            {
                foreach (var path in call.Workspace.All(type).Select(o => o.Str("path")).OfType<string>()
                    .Where(p => p == folder || p.StartsWith(folder + "/", StringComparison.Ordinal)).ToList())
                {
                    call.Workspace.Remove(type, path);
                }
            }
        }
    }
}
