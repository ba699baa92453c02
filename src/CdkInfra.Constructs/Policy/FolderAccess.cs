namespace CdkInfra.Policy;

/// <summary>One entry of a workspace object's permissions: a group and its permission level.</summary>
/// <param name="Group">A group display name.</param>
/// <param name="Level">A workspace permission level (<c>CAN_READ</c>, <c>CAN_RUN</c>, <c>CAN_EDIT</c>, <c>CAN_MANAGE</c>).</param>
internal sealed record FolderAccess(string Group, string Level);
