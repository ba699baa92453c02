using CdkInfra.Roster;
using CdkInfra.Validation;
using PartnerCourse;

// Run from this folder: `dotnet run` synthesizes cdktf.out/stacks/partner-course/ and partner-assistants/.
CourseRoster roster;
try
{
    roster = CourseRoster.Load(Path.Combine(AppContext.BaseDirectory, "partner-users.json"), "partner-users.json");
}
catch (InputValidationException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var app = new HashiCorp.Cdktf.App();
var stack = new PartnerCourseStack(app, "partner-course", roster);
_ = new PartnerAssistantsStack(app, "partner-assistants");
app.Synth();
Console.Error.WriteLine($"partner-course: {stack.Workspace.SchemaNameByUser.Count} users");
return 0;
