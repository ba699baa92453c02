using CdkInfra.Emulator.Values;
using static CdkInfra.Emulator.Tests.Emulated;

namespace CdkInfra.Emulator.Tests;

/// <summary>Ported from TPD secrets/resource_secret_scope_test.go and secrets/resource_secret_acl_test.go (v1.99.0).</summary>
public sealed class ProviderCasesSecrets
{
    private const string Scope = "databricks_secret_scope";
    private const string Acl = "databricks_secret_acl";
    private const string Invalid = "invalid value for {0} (Must consist of alphanumeric characters, dashes, underscores, and periods, and may not exceed 128 characters.)";

    // secrets/resource_secret_scope_test.go TestResourceSecretScopeCreate, TestResourceSecretScopeCreate_Users
    [Test]
    public void A_secret_scope_id_is_its_name_with_the_databricks_backend()
    {
        var e = new Emulated();
        var state = e.Create(Scope, Obj(("name", "Boom"), ("initial_manage_principal", "users")));
        Assert.Multiple(() =>
        {
            Assert.That(state["id"], Is.EqualTo("Boom"));
            Assert.That(state["backend_type"], Is.EqualTo("DATABRICKS"));
        });
    }

    // secrets/resource_secret_scope_test.go TestResourceSecretScopeRead_NotFound, TestResourceSecretScopeDelete
    [Test]
    public void A_deleted_secret_scope_reads_as_gone()
    {
        var e = new Emulated();
        var state = e.Create(Scope, Obj(("name", "Boom")));
        e.Delete(Scope, state);
        Assert.That(e.Read(Scope, state), Is.Null);
    }

    // secrets/resource_secret_scope.go validScope ^[\w\.@_/-]{1,128}$; a scope with a slash:
    // secrets/resource_secret_acl_test.go TestResourceSecretACLCreate_ScopeWithSlash
    [TestCase("myapplication/branch", true)]
    [TestCase("course.secrets-2026_a@b", true)]
    [TestCase("with space", false)]
    [TestCase("", false)]
    [TestCase("ä", false)]
    public void Secret_scope_names_follow_the_provider_rule(string name, bool valid)
    {
        var e = new Emulated();
        var expected = valid ? Array.Empty<string>() : [string.Format(System.Globalization.CultureInfo.InvariantCulture, Invalid, "name")];
        Assert.Multiple(() =>
        {
            Assert.That(e.Validate(Scope, Obj(("name", name))), Is.EqualTo(expected));
            Assert.That(e.Validate(Scope, Obj(("name", new string('a', 128)))), Is.Empty);
            Assert.That(e.Validate(Scope, Obj(("name", new string('a', 129)))), Is.Not.Empty);
        });
    }

    // secrets/resource_secret_acl_test.go TestResourceSecretACLCreate, TestResourceSecretACLCreate_ScopeWithSlash
    [TestCase("global")]
    [TestCase("myapplication/branch")]
    public void A_secret_acl_id_is_scope_and_principal(string scope)
    {
        var e = new Emulated("""{ "groups": [{ "display_name": "something" }] }""");
        e.Create(Scope, Obj(("name", scope)));
        var state = e.Create(Acl, Obj(("permission", "MANAGE"), ("principal", "something"), ("scope", scope)));
        Assert.Multiple(() =>
        {
            Assert.That(state["id"], Is.EqualTo($"{scope}|||something"));
            Assert.That(state["permission"], Is.EqualTo("MANAGE"));
        });
    }

    // secrets/resource_secret_acl.go and resource_secret.go: scope (and a secret's key) use validScope
    [Test]
    public void Secret_acl_scope_and_secret_key_follow_the_scope_rule()
    {
        var e = new Emulated();
        Assert.Multiple(() =>
        {
            Assert.That(e.Validate(Acl, Obj(("scope", "bad scope"), ("principal", "users"), ("permission", "READ"))),
                Is.EqualTo(new[] { string.Format(System.Globalization.CultureInfo.InvariantCulture, Invalid, "scope") }));
            Assert.That(e.Validate("databricks_secret", Obj(("scope", "ok"), ("key", "bad key"), ("string_value", "x"))),
                Is.EqualTo(new[] { string.Format(System.Globalization.CultureInfo.InvariantCulture, Invalid, "key") }));
        });
    }
}
