using CdkInfra.CodingAssistants;
using CdkInfra.Settings;
using Constructs;
using HashiCorp.Cdktf;

namespace CdkInfra.App.Stacks;

/// <summary>
/// The <c>coding-assistants</c> stack: the cluster with the coding assistant, its provider and its own state, so a
/// cluster change never touches the course's data.
/// </summary>
internal sealed class CodingAssistantsStack : TerraformStack
{
    public CodingAssistantsStack(Construct scope, string id, AppSettings settings)
        : base(scope, id)
    {
        StackWiring.Configure(this, id, settings);
        Cluster = new CodingAssistantsCluster(this, "CodingAssistants", settings.CodingAssistants);
    }

    public CodingAssistantsCluster Cluster { get; }
}
