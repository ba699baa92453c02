using CdkInfra.Emulator.Provider;
using CdkInfra.Emulator.Values;

namespace CdkInfra.Emulator.Tests;

/// <summary>What the emulator's data sources answer where the stacks' pre-flight checks depend on it.</summary>
public sealed class DataSourceTests
{
    private static readonly string Seed = """{ "users": [{ "user_name": "ana@example.com" }, { "user_name": "ben@example.com" }] }""";

    [Test]
    public void Users_answers_only_the_users_a_userName_filter_names()
    {
        var emulated = new Emulated(Seed);
        var result = emulated.Behaviour.ReadData("databricks_users", Emulated.Obj(("filter", "userName eq \"ana@example.com\" or userName eq \"nobody@example.com\"")), accountLevel: false);
        var names = ((List<object?>)result["users"]!).Cast<Dictionary<string, object?>>().Select(u => u.Str("user_name"));
        Assert.That(names, Is.EquivalentTo(new[] { "ana@example.com" }));
    }

    [Test]
    public void Users_without_a_filter_answers_every_user() =>
        Assert.That(((List<object?>)new Emulated(Seed).Behaviour.ReadData("databricks_users", Value.Object(), accountLevel: false)["users"]!).Count, Is.EqualTo(3),
            "the two seeded users and the deployer");

    [Test]
    public void A_filter_the_emulator_does_not_understand_is_an_error_not_everyone() =>
        Assert.That(() => new Emulated(Seed).Behaviour.ReadData("databricks_users", Emulated.Obj(("filter", "displayName co \"a\"")), accountLevel: false),
            Throws.TypeOf<PlatformException>().With.Message.Contains("understands only userName eq"));

    [TestCase("""{ "metastore": { "storage_root": null } }""", "")]
    [TestCase("{}", "s3://emulated-metastore-root/metastore")]
    public void The_current_metastore_answers_its_storage_root_empty_when_it_has_none(string seed, string expected)
    {
        var result = new Emulated(seed).Behaviour.ReadData("databricks_current_metastore", Value.Object(), accountLevel: false);
        var info = (Dictionary<string, object?>)((List<object?>)result["metastore_info"]!)[0]!;
        Assert.That(info.Str("storage_root"), Is.EqualTo(expected));
    }
}
